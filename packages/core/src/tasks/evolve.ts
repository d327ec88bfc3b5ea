// evolve for the tasks stream: pure and total; unknown references are ignored (decide never
// writes them).
import { HashMap, Option } from "effect";
import type { Recorded } from "../envelope.js";
import type { NewTask, TaskEvent } from "./events.js";
import type { Task, TasksState } from "./state.js";

type E = Recorded<TaskEvent>;
type Tasks = HashMap.HashMap<string, Task>;

const uniq = (xs: readonly string[]) => [...new Set(xs)];

const update = (tasks: Tasks, id: string, f: (t: Task) => Task): Tasks =>
  Option.match(HashMap.get(tasks, id), { onNone: () => tasks, onSome: (t) => HashMap.set(tasks, id, f(t)) });

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

const addAll = (s: TasksState, ds: readonly NewTask[], e: E): TasksState => {
  let { tasks, slugs, count } = s;
  for (const d of ds) {
    tasks = HashMap.set(tasks, d.taskId, created(d, count++, e));
    slugs = HashMap.set(slugs, d.slug, d.taskId);
    for (const b of d.blockedBy) tasks = update(tasks, b, (t) => ({ ...t, blocks: uniq([...t.blocks, d.taskId]) }));
  }
  return { ...s, tasks, slugs, count };
};

const unclaimed = (t: Task): Task => ({ ...t, status: "pending", assignee: null, claimedAt: null });

export const evolveTasks = (state: TasksState, e: E): TasksState => {
  const s = { ...state, seq: e.seq };
  const touch = (tasks: Tasks, id: string, f: (t: Task) => Task) => update(tasks, id, (t) => ({ ...f(t), lastActivityAt: e.at }));
  const each = (ids: readonly string[], f: (t: Task) => Task) => ({ ...s, tasks: ids.reduce((acc, id) => touch(acc, id, f), s.tasks) });
  switch (e.type) {
    case "TaskCreated":
      return addAll(s, [e.data], e);
    case "TasksPlanned":
      return addAll(s, e.data.tasks, e);
    case "TaskClaimed":
      return each([e.data.taskId], (t) => ({ ...t, status: "in_progress", assignee: e.data.session, claimedAt: e.at }));
    case "TaskUnclaimed":
      return each([e.data.taskId], unclaimed);
    case "TasksReleased":
      return each(e.data.taskIds, unclaimed);
    case "TaskHeartbeat":
      return each(e.data.taskIds, (t) => t);
    case "TaskUpdated": {
      const c = e.data.changes;
      return each([e.data.taskId], (t) => ({
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
    }
    case "TaskCompleted":
      return each([e.data.taskId], (t) => ({ ...t, status: "completed", completion: { reason: e.data.reason, receipt: e.data.receipt, at: e.at, by: e.actor } }));
    case "TaskReopened":
      return each([e.data.taskId], (t) => ({ ...unclaimed(t), completion: null }));
    case "TasksBlocked": {
      const { blocker, blocked } = e.data;
      const s2 = each(blocked, (t) => ({ ...t, blockedBy: uniq([...t.blockedBy, blocker]) }));
      return { ...s2, tasks: touch(s2.tasks, blocker, (t) => ({ ...t, blocks: uniq([...t.blocks, ...blocked]) })) };
    }
    case "TasksUnblocked": {
      const { blocker, blocked } = e.data;
      const s2 = each(blocked, (t) => ({ ...t, blockedBy: t.blockedBy.filter((b) => b !== blocker) }));
      return { ...s2, tasks: touch(s2.tasks, blocker, (t) => ({ ...t, blocks: t.blocks.filter((b) => !blocked.includes(b)) })) };
    }
    case "TaskHandoffCreated":
      return each([e.data.taskId], (t) => ({ ...t, handoffs: uniq([...t.handoffs, e.data.handoffId]) }));
    default: {
      const never: never = e;
      return never;
    }
  }
};
