// evolve for the tasks stream, on a draft (see StreamKind.draft): it writes into the draft's
// task and slug records and replaces the tasks it changes, never changing a task object.
// Total: unknown references are ignored (decide never writes them). After a merge an event can
// meet a state its writer never saw; each family has a rule, and what cannot apply is skipped
// and recorded as a merge conflict: the first claim in fold order wins (a later claim by
// another session is superseded); an unclaim by a session that no longer holds the task, a
// block that would close a cycle, are conflicts; a completion of a completed task and a reopen
// of an open one are no-ops; field edits: last wins; decisions and blockers: adds and removes
// commute; a slug taken by the other side stays with the first task, the other gets
// `<slug>-<4 chars of its id>`.
import { conflictOf, type MergeConflict } from "../conflicts.js";
import { own, type Recorded } from "../envelope.js";
import type { NewTask, TaskEvent } from "./events.js";
import type { Task, TasksState } from "./state.js";

type E = Recorded<TaskEvent>;

export const initialTasksState: TasksState = { seq: 0, conflicts: [], tasks: {}, slugs: {}, count: 0, batches: {} };

/** The fold's private copy: the task and slug records (see StreamKind.draft). */
export const draftTasks = (s: TasksState): TasksState => ({ ...s, conflicts: [...s.conflicts], tasks: { ...s.tasks }, slugs: { ...s.slugs }, batches: { ...s.batches } });
type Draft = { seq: number; conflicts: MergeConflict[]; tasks: Record<string, Task>; slugs: Record<string, string>; count: number; batches: Record<string, readonly string[]> };

/** Whether `from` reaches `to` along `blocks` edges (then `to` blocking `from` would close a cycle). */
const reaches = (tasks: Readonly<Record<string, Task>>, from: string, to: string): boolean => {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of own(tasks, id)?.blocks ?? []) stack.push(next);
  }
  return false;
};

const uniq = (xs: readonly string[]) => [...new Set(xs)];

const created = (d: NewTask, n: number, e: E): Task => ({
  id: d.taskId,
  slug: d.slug,
  title: d.title,
  description: d.description,
  type: d.type,
  priority: d.priority,
  labels: d.labels,
  parentId: d.parentId,
  blockedBy: d.blockedBy,
  blocks: [],
  status: "pending",
  assignee: null,
  claimedAt: null,
  lastActivityAt: e.at,
  createdAt: e.at,
  createdBy: e.actor,
  completion: null,
  feature: d.feature,
  continuation: { currentState: null, nextAction: null, decisions: [] },
  handoffs: [],
  n,
});

const unclaimed = (t: Task): Task => ({ ...t, status: "pending", assignee: null, claimedAt: null });

export const evolveTasks = (state: TasksState, e: E): TasksState => {
  const s = state as Draft;
  s.seq = e.seq;
  const set = (id: string, f: (t: Task) => Task) => {
    const t = own(s.tasks, id);
    if (t) s.tasks[id] = f(t);
  };
  const touch = (id: string, f: (t: Task) => Task) => set(id, (t) => ({ ...f(t), lastActivityAt: e.at }));
  const each = (ids: readonly string[], f: (t: Task) => Task) => {
    for (const id of ids) touch(id, f);
  };
  const conflict = (subject: string, reason: string) => s.conflicts.push(conflictOf(e, subject, reason));
  const addAll = (ds: readonly NewTask[]) => {
    for (const d of ds) {
      if (own(s.tasks, d.taskId)) {
        conflict(d.taskId, `task ${d.taskId} exists already`);
        continue;
      }
      let slug = d.slug;
      const holder = own(s.slugs, slug);
      if (holder !== undefined && holder !== d.taskId) {
        slug = `${d.slug}-${d.taskId.slice(-4)}`;
        conflict(d.taskId, `slug "${d.slug}" was taken by ${holder} on the other side of a merge; this task is "${slug}"`);
      }
      s.tasks[d.taskId] = { ...created(d, s.count++, e), slug };
      s.slugs[slug] = d.taskId;
      for (const b of d.blockedBy) set(b, (t) => ({ ...t, blocks: uniq([...t.blocks, d.taskId]) }));
    }
  };
  switch (e.type) {
    case "TaskCreated":
      addAll([e.data]);
      break;
    case "TasksPlanned":
      // (the same plan applied on both sides of a merge: the second copy adds nothing)
      if (e.data.batchId !== undefined && own(s.batches, e.data.batchId)) {
        conflict(e.data.batchId, `plan ${e.data.batchId} was applied on the other side of a merge too; this copy adds nothing`);
        break;
      }
      addAll(e.data.tasks);
      if (e.data.batchId !== undefined) s.batches[e.data.batchId] = e.data.tasks.map((t) => t.taskId);
      break;
    case "TaskClaimed": {
      const t = own(s.tasks, e.data.taskId);
      if (!t) break;
      if (t.status === "completed" || t.status === "cancelled") conflict(t.id, `claim of ${t.id} after a merge found it ${t.status}`);
      else if (t.assignee !== null && t.assignee !== e.data.session && t.assignee !== e.data.previous)
        conflict(t.id, `claim superseded after merge: held by ${t.assignee}`);
      else touch(t.id, (x) => ({ ...x, status: "in_progress", assignee: e.data.session, claimedAt: e.at }));
      break;
    }
    case "TaskUnclaimed": {
      const t = own(s.tasks, e.data.taskId);
      if (!t) break;
      if (t.assignee === e.data.session || t.assignee === null) touch(t.id, unclaimed);
      else conflict(t.id, `unclaim by ${e.data.session} after a merge, but ${t.assignee} holds it`);
      break;
    }
    case "TasksReleased":
      each(
        e.data.taskIds.filter((id) => own(s.tasks, id)?.assignee === e.data.session),
        unclaimed,
      );
      break;
    case "TaskHeartbeat":
      each(e.data.taskIds, (t) => t);
      break;
    case "TaskUpdated": {
      const c = e.data.changes;
      each([e.data.taskId], (t) => ({
        ...t,
        ...(c.title !== undefined ? { title: c.title } : {}),
        ...(c.description !== undefined ? { description: c.description } : {}),
        ...(c.priority !== undefined ? { priority: c.priority } : {}),
        ...(c.type !== undefined ? { type: c.type } : {}),
        ...(c.labels !== undefined ? { labels: c.labels } : {}),
        continuation: {
          currentState: c.currentState ?? t.continuation.currentState,
          nextAction: c.nextAction ?? t.continuation.nextAction,
          decisions: uniq([...t.continuation.decisions.filter((d) => !(c.removeDecisions ?? []).includes(d)), ...(c.addDecisions ?? [])]),
        },
      }));
      break;
    }
    case "TaskCompleted":
      if (own(s.tasks, e.data.taskId)?.status !== "completed")
        each([e.data.taskId], (t) => ({ ...t, status: "completed", completion: { reason: e.data.reason, receipt: e.data.receipt, at: e.at, by: e.actor } }));
      break;
    case "TaskCancelled":
      if (own(s.tasks, e.data.taskId)?.status !== "cancelled")
        each([e.data.taskId], (t) => ({ ...unclaimed(t), status: "cancelled", completion: { reason: e.data.reason, receipt: null, at: e.at, by: e.actor } }));
      break;
    case "TaskReopened":
      if (own(s.tasks, e.data.taskId)?.status === "completed" || own(s.tasks, e.data.taskId)?.status === "cancelled") each([e.data.taskId], (t) => ({ ...unclaimed(t), completion: null }));
      break;
    case "TasksBlocked": {
      const { blocker } = e.data;
      const blocked: string[] = [];
      for (const b of e.data.blocked)
        if (b !== blocker && reaches(s.tasks, b, blocker)) conflict(b, `${blocker} blocking ${b} would close a cycle made on the other side of a merge`);
        else blocked.push(b);
      if (!blocked.length) break;
      each(blocked, (t) => ({ ...t, blockedBy: uniq([...t.blockedBy, blocker]) }));
      touch(blocker, (t) => ({ ...t, blocks: uniq([...t.blocks, ...blocked]) }));
      break;
    }
    case "TasksUnblocked": {
      const { blocker, blocked } = e.data;
      each(blocked, (t) => ({ ...t, blockedBy: t.blockedBy.filter((b) => b !== blocker) }));
      touch(blocker, (t) => ({ ...t, blocks: t.blocks.filter((b) => !blocked.includes(b)) }));
      break;
    }
    case "TaskHandoffCreated":
      each([e.data.taskId], (t) => ({ ...t, handoffs: uniq([...t.handoffs, e.data.handoffId]) }));
      break;
    default: {
      const never: never = e;
      return never;
    }
  }
  return s;
};
