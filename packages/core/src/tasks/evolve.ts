// evolve for the tasks stream, on a draft (see StreamKind.draft): it writes into the draft's
// task and slug records and replaces the tasks it changes, never changing a task object.
// Total: unknown references are ignored (decide never writes them). After a merge an event can
// meet a state its writer never saw. Status events follow the task table (values.ts) through
// machine.ts's step, with the holder as part of the intent: a claim applies only where the task
// is as its writer saw it (status and holder), so the first claim in fold order wins and a later
// one is superseded; from then on, until it claims again, whatever the superseded session (or
// one taken over from) writes about that task (edits, heartbeats, completion, cancel, unclaim)
// is a conflict, not applied to the winner's task; completed and cancelled never overwrite each other. Field edits: last
// wins, and a value overwritten that its writer had not seen is listed. Decisions and blockers:
// adds and removes commute; a block that would close a cycle is a conflict; a slug taken by the
// other side stays with the first task, the other gets `<slug>-<4 chars of its id>`.
import { conflictOf, type MergeConflict } from "../conflicts.js";
import { own, type Recorded } from "../envelope.js";
import { staleStep, step } from "../machine.js";
import type { NewTask, TaskEvent, TaskWas } from "./events.js";
import type { Task, TasksState, TaskStatus } from "./state.js";
import { TASK_TRANSITIONS } from "./values.js";
import { changesOf } from "../handoff/facts.js";

type E = Recorded<TaskEvent>;

export const initialTasksState: TasksState = { seq: 0, conflicts: [], settled: {}, superseded: {}, tasks: {}, slugs: {}, count: 0, batches: {} };

/** The fold's private copy: the task and slug records (see StreamKind.draft). */
const withoutScope = ({ scope: _, ...t }: Task): Task => t;

export const draftTasks = (s: TasksState): TasksState => ({ ...s, conflicts: [...s.conflicts], settled: { ...s.settled }, superseded: { ...s.superseded }, tasks: { ...s.tasks }, slugs: { ...s.slugs }, batches: { ...s.batches } });
type Draft = {
  seq: number;
  conflicts: MergeConflict[];
  settled: Record<string, string>;
  superseded: Record<string, readonly string[]>;
  tasks: Record<string, Task>;
  slugs: Record<string, string>;
  count: number;
  batches: Record<string, readonly string[]>;
};

/** The fields of a task an edit may change, as the edit's `was` names them. */
const fieldOf = (t: Task, field: keyof TaskWas): unknown =>
  field === "currentState" ? t.continuation.currentState : field === "nextAction" ? t.continuation.nextAction : t[field];

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
  ...(d.scope ? { scope: d.scope } : {}),
  ...(d.doneWhen?.length ? { doneWhen: d.doneWhen } : {}),
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
  const conflict = (subject: string, reason: string, kind?: MergeConflict["kind"]) => s.conflicts.push(conflictOf(e, subject, reason, kind));
  const statusStep = (t: Task, from: TaskStatus | null, to: TaskStatus) => step(TASK_TRANSITIONS, t.status, from, to);
  /** Whether this event's writer lost its claim on the task to a merge (and has not claimed it since): then it is a conflict, not applied. */
  const lost = (t: Task | undefined): boolean => {
    if (!t || t.assignee === e.actor || !own(s.superseded, t.id)?.includes(e.actor)) return false;
    conflict(t.id, `${e.type} by ${e.actor}, whose claim on ${t.id} was superseded after a merge (held by ${t.assignee ?? "nobody now"})`);
    return true;
  };
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
        conflict(d.taskId, `slug "${d.slug}" was taken by ${holder} on the other side of a merge; this task is "${slug}"`, "renamed");
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
      const { session, previous, from } = e.data;
      if (t.assignee === session && t.status === "in_progress") break;
      // the intent: the task as its writer saw it (its status, and who held it)
      const holds = from === null ? t.assignee === null || t.assignee === previous : t.assignee === previous;
      if (step(TASK_TRANSITIONS, t.status, from, "in_progress") === "apply" && holds) {
        touch(t.id, (x) => ({ ...x, status: "in_progress", assignee: session, claimedAt: e.at, claimHead: e.data.head ?? null }));
        // (a session taken over from writes nothing about the task that applies, until it claims it again)
        const lost = (own(s.superseded, t.id) ?? []).filter((x) => x !== session);
        s.superseded[t.id] = previous !== null && previous !== session ? uniq([...lost, previous]) : lost;
      } else if (t.status === "in_progress" && t.assignee !== null) {
        conflict(t.id, `claim superseded after merge: held by ${t.assignee}`);
        s.superseded[t.id] = uniq([...(own(s.superseded, t.id) ?? []), session]);
      } else conflict(t.id, `claim of ${t.id} after a merge found it ${t.status}`);
      break;
    }
    case "TaskUnclaimed": {
      const t = own(s.tasks, e.data.taskId);
      if (!t || lost(t)) break;
      if (t.assignee === e.data.session && t.status === "in_progress") touch(t.id, unclaimed);
      else if (t.assignee !== null) conflict(t.id, `unclaim by ${e.data.session} after a merge, but ${t.assignee} holds it`);
      else if (t.status !== "pending") conflict(t.id, staleStep(`task ${t.id}`, t.status, e.data.from, "pending"));
      break;
    }
    case "TasksReleased":
      each(
        e.data.taskIds.filter((id) => own(s.tasks, id)?.assignee === e.data.session),
        unclaimed,
      );
      break;
    case "TaskHeartbeat":
      each(
        e.data.taskIds.filter((id) => !lost(own(s.tasks, id))),
        (t) => t,
      );
      break;
    case "TaskUpdated": {
      const t = own(s.tasks, e.data.taskId);
      if (!t || lost(t)) break;
      const c = e.data.changes;
      // (last writer wins; a value it replaced that its writer had not seen is listed)
      for (const [field, saw] of Object.entries(e.data.was ?? {}) as [keyof TaskWas, unknown][]) {
        const now = fieldOf(t, field);
        if (JSON.stringify(now) !== JSON.stringify(saw))
          conflict(`${t.id}.${field}`, `${field} ${JSON.stringify(now)} was overwritten by ${JSON.stringify(c[field])}; its writer had seen ${JSON.stringify(saw)}`, "overwritten");
      }
      touch(t.id, (x) => ({
        ...(c.scope === null ? withoutScope(x) : x),
        ...(c.title !== undefined ? { title: c.title } : {}),
        ...(c.description !== undefined ? { description: c.description } : {}),
        ...(c.priority !== undefined ? { priority: c.priority } : {}),
        ...(c.type !== undefined ? { type: c.type } : {}),
        ...(c.labels !== undefined ? { labels: c.labels } : {}),
        ...(c.scope ? { scope: c.scope } : {}),
        ...(c.doneWhen !== undefined ? { doneWhen: c.doneWhen } : {}),
        continuation: {
          currentState: c.currentState ?? x.continuation.currentState,
          nextAction: c.nextAction ?? x.continuation.nextAction,
          decisions: uniq([...x.continuation.decisions.filter((d) => !(c.removeDecisions ?? []).includes(d)), ...(c.addDecisions ?? [])]),
        },
      }));
      break;
    }
    case "TaskCompleted": {
      const t = own(s.tasks, e.data.taskId);
      if (!t || lost(t)) break;
      const r = statusStep(t, e.data.from, "completed");
      if (r === "apply") touch(t.id, (x) => ({ ...x, status: "completed", completion: { reason: e.data.reason, receipt: e.data.receipt, at: e.at, by: e.actor, ...(e.data.changes ? { changes: changesOf(e.data.changes) } : {}) } }));
      else if (r === "conflict") conflict(t.id, staleStep(`task ${t.id}`, t.status, e.data.from, "completed"));
      break;
    }
    case "TaskCancelled": {
      const t = own(s.tasks, e.data.taskId);
      if (!t || lost(t)) break;
      const r = statusStep(t, e.data.from, "cancelled");
      if (r === "apply") {
        touch(t.id, (x) => ({ ...unclaimed(x), status: "cancelled", completion: { reason: e.data.reason, receipt: null, at: e.at, by: e.actor } }));
        // (what waited on it still waits on what it waited on: a cancelled link keeps the chain)
        const upstream = t.blockedBy.filter((b) => { const x = own(s.tasks, b); return x !== undefined && x.status !== "completed" && x.status !== "cancelled"; });
        const downstream = t.blocks.filter((b) => { const x = own(s.tasks, b); return x !== undefined && x.status !== "completed" && x.status !== "cancelled"; });
        if (upstream.length && downstream.length) {
          for (const d of downstream) set(d, (x) => ({ ...x, blockedBy: uniq([...x.blockedBy, ...upstream]) }));
          for (const u of upstream) set(u, (x) => ({ ...x, blocks: uniq([...x.blocks, ...downstream]) }));
        }
      } else if (r === "conflict") conflict(t.id, staleStep(`task ${t.id}`, t.status, e.data.from, "cancelled"));
      break;
    }
    case "TaskReopened": {
      const t = own(s.tasks, e.data.taskId);
      if (!t) break;
      const r = statusStep(t, e.data.from, "pending");
      if (r === "apply") touch(t.id, (x) => ({ ...unclaimed(x), completion: null }));
      else if (r === "conflict") conflict(t.id, staleStep(`task ${t.id}`, t.status, e.data.from, "pending"));
      break;
    }
    case "ConflictsSettled":
      for (const id of e.data.ids) s.settled[id] = e.actor;
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
