// evolve for the tasks stream, on a draft (see StreamKind.draft): it writes into the draft's
// task and slug records and replaces the tasks it changes, never changing a task object.
// Total: unknown references are ignored (decide never writes them).
import { own, type Recorded } from "../envelope.js";
import type { NewTask, TaskEvent } from "./events.js";
import type { Task, TasksState } from "./state.js";

type E = Recorded<TaskEvent>;

export const initialTasksState: TasksState = { seq: 0, tasks: {}, slugs: {}, count: 0 };

/** The fold's private copy: the task and slug records (see StreamKind.draft). */
export const draftTasks = (s: TasksState): TasksState => ({ ...s, tasks: { ...s.tasks }, slugs: { ...s.slugs } });
type Draft = { seq: number; tasks: Record<string, Task>; slugs: Record<string, string>; count: number };

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
  const addAll = (ds: readonly NewTask[]) => {
    for (const d of ds) {
      s.tasks[d.taskId] = created(d, s.count++, e);
      s.slugs[d.slug] = d.taskId;
      for (const b of d.blockedBy) set(b, (t) => ({ ...t, blocks: uniq([...t.blocks, d.taskId]) }));
    }
  };
  switch (e.type) {
    case "TaskCreated":
      addAll([e.data]);
      break;
    case "TasksPlanned":
      addAll(e.data.tasks);
      break;
    case "TaskClaimed":
      each([e.data.taskId], (t) => ({ ...t, status: "in_progress", assignee: e.data.session, claimedAt: e.at }));
      break;
    case "TaskUnclaimed":
      each([e.data.taskId], unclaimed);
      break;
    case "TasksReleased":
      each(e.data.taskIds, unclaimed);
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
      each([e.data.taskId], (t) => ({ ...t, status: "completed", completion: { reason: e.data.reason, receipt: e.data.receipt, at: e.at, by: e.actor } }));
      break;
    case "TaskReopened":
      each([e.data.taskId], (t) => ({ ...unclaimed(t), completion: null }));
      break;
    case "TasksBlocked": {
      const { blocker, blocked } = e.data;
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
