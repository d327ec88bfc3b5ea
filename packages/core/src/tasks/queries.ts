// Read-side views of the task graph: lookup by id or slug, readiness, ranking, the board.
import { openConflicts, type MergeConflict } from "../conflicts.js";
import { own, type StreamKind } from "../envelope.js";
import { streamCodec } from "../codec.js";
import { NotFound } from "../errors.js";
import { draftTasks, evolveTasks, initialTasksState } from "./evolve.js";
import type { TaskEvent } from "./events.js";
import type { Priority, Task, TasksState, TaskType } from "./state.js";
import { CLOSED_STATUSES } from "./values.js";

export const tasksStream: StreamKind<TasksState, TaskEvent> = {
  name: "tasks",
  stateVersion: 7,
  initial: initialTasksState,
  evolve: evolveTasks,
  draft: draftTasks,
  codec: streamCodec("tasks", () => import("./events.js").then((m) => m.taskCodec)),
};

/** A task by id or slug. */
/** The shortest id prefix taken as a task's id, as git takes a short sha: `tsk_` and 3 characters. */
const MIN_PREFIX = 7;

/** A task by id, slug, or an id prefix only one task has. */
export const findTask = (s: TasksState, ref: string): Task | undefined => {
  const id = own(s.tasks, ref) ? ref : own(s.slugs, ref);
  if (id !== undefined) return own(s.tasks, id);
  if (!ref.startsWith("tsk_") || ref.length < MIN_PREFIX) return undefined;
  const matching = Object.keys(s.tasks).filter((k) => k.startsWith(ref));
  return matching.length === 1 ? own(s.tasks, matching[0]!) : undefined;
};

/** The refusal for a ref that names no task. */
export const taskNotFound = (ref: string) => new NotFound({ condition: "TaskNotFound", message: `task "${ref}" not found (an id, a slug, or an id prefix only one task has); see \`maestro task list\`` });

/** The task `ref` (id or slug) names, or TaskNotFound. */
export const requireTask = (s: TasksState, ref: string): Task => {
  const t = findTask(s, ref);
  if (!t) throw taskNotFound(ref);
  return t;
};

export const allTasks = (s: TasksState): Task[] => Object.values(s.tasks).sort((a, b) => a.n - b.n);

export const isClosed = (t: Task): boolean => CLOSED_STATUSES.includes(t.status);

export const openBlockers = (s: TasksState, t: Task): Task[] =>
  t.blockedBy.map((id) => findTask(s, id)).filter((b): b is Task => b !== undefined && !isClosed(b));

/** P0 first, then by creation. */
// ("P0" < "P1" as plain strings; localeCompare would consult ICU for every pair of 10k tasks)
export const byRank = (a: Task, b: Task) => (a.priority === b.priority ? a.n - b.n : a.priority < b.priority ? -1 : 1);

/** Ready = pending, unassigned, every blocker completed. */
export const isReady = (s: TasksState, t: Task) => t.status === "pending" && t.assignee === null && openBlockers(s, t).length === 0;
export const readyTasks = (s: TasksState, filter: TaskFilter = {}): Task[] => Object.values(s.tasks).filter((t) => isReady(s, t) && matches(t, filter)).sort(byRank);

/**
 * How a task's holder stands by its lease (its last activity + the lease's length): active,
 * idle (less than half its lease left), or gone (expired: a claim takes the task over).
 */
export const holderState = (t: Task, now: string, leaseMs: number): "active" | "idle" | "gone" => {
  const idle = Date.parse(now) - Date.parse(t.lastActivityAt);
  return idle > leaseMs ? "gone" : idle > leaseMs / 2 ? "idle" : "active";
};

/** When a held task's lease ends. */
export const leaseEndsAt = (t: Task, leaseMs: number): string => new Date(Date.parse(t.lastActivityAt) + leaseMs).toISOString();

/** What `task ready --claim` may take: ready tasks, and held ones whose lease expired (every blocker closed), ranked. */
export const claimableTasks = (s: TasksState, filter: TaskFilter, now: string, leaseMs: number | undefined, gone: Readonly<Record<string, string>> = {}): Task[] =>
  Object.values(s.tasks)
    .filter((t) => matches(t, filter) && (isReady(s, t) || (t.status === "in_progress" && holderGone(t, now, leaseMs, gone) && openBlockers(s, t).length === 0)))
    .sort(byRank);

/** Whether a held task's holder is gone: its lease expired, or it is known gone (a run that ended). */
export const holderGone = (t: Task, now: string, leaseMs: number | undefined, gone: Readonly<Record<string, string>> = {}): boolean =>
  t.assignee !== null && (Object.hasOwn(gone, t.assignee) || (leaseMs !== undefined && holderState(t, now, leaseMs) === "gone"));

/** What `task ready` (and its claim) and `task list` narrow by. */
export interface TaskFilter {
  readonly label?: string;
  readonly priority?: Priority;
  readonly type?: TaskType;
}
export const matches = (t: Task, f: TaskFilter): boolean =>
  (f.label === undefined || t.labels.includes(f.label)) && (f.priority === undefined || t.priority === f.priority) && (f.type === undefined || t.type === f.type);

/** Claims of this session a merge superseded, on tasks it does not hold now: what it lost and should tell. */
export const lostClaims = (s: TasksState, session: string): MergeConflict[] =>
  openConflicts(s.conflicts, s.settled).filter((c) => c.type === "TaskClaimed" && c.actor === session && own(s.tasks, c.subject)?.assignee !== session);

/** Tasks a takeover (a reclaim of an expired lease, or --force) took from this session, which it has not claimed again. */
export const takenFrom = (s: TasksState, session: string): Task[] =>
  Object.entries(s.superseded)
    .filter(([id, lost]) => lost.includes(session) && own(s.tasks, id)?.assignee !== session && !lostClaims(s, session).some((c) => c.subject === id))
    .flatMap(([id]) => {
      const t = own(s.tasks, id);
      return t && t.status === "in_progress" ? [t] : [];
    });

/** The open merge conflicts about one task (its fields' overwrites too). */
export const conflictsOf = (s: TasksState, taskId: string): MergeConflict[] => openConflicts(s.conflicts, s.settled).filter((c) => c.subject === taskId || c.subject.startsWith(`${taskId}.`));

export const inFlight = (s: TasksState, session: string): Task[] =>
  Object.values(s.tasks).filter((t) => t.status === "in_progress" && t.assignee === session).sort(byRank);

export interface Board {
  readonly active: Task[];
  readonly ready: Task[];
  readonly blocked: { readonly task: Task; readonly waitingOn: string[] }[];
  readonly completed: number;
  readonly cancelled: number;
  /** chains of open work: each starts at a task nothing open blocks, following `blocks` */
  readonly tracks: string[][];
  readonly next: string | null;
}

export const boardOf = (s: TasksState, session?: string): Board => {
  const all = allTasks(s);
  const active = all.filter((t) => t.status === "in_progress").sort(byRank);
  const ready = readyTasks(s);
  const blocked = all
    .filter((t) => t.status === "pending" && openBlockers(s, t).length > 0)
    .sort(byRank)
    .map((task) => ({ task, waitingOn: openBlockers(s, task).map((b) => b.id) }));
  const open = all.filter((t) => !isClosed(t));
  const tracks: string[][] = [];
  for (const root of open.filter((t) => openBlockers(s, t).length === 0 && t.blocks.length > 0)) {
    const walk = (t: Task, path: string[]) => {
      const next = t.blocks.map((id) => findTask(s, id)).filter((x): x is Task => x !== undefined && !isClosed(x) && !path.includes(x.id));
      if (!next.length) tracks.push([...path, t.id]);
      for (const n of next) walk(n, [...path, t.id]);
    };
    walk(root, []);
  }
  const mine = session ? active.find((t) => t.assignee === session) : undefined;
  // (slugs: what people type)
  const slugOf = (id: string) => findTask(s, id)?.slug ?? id;
  const next = mine ? `continue ${mine.slug} (${mine.title})` : ready[0] ? `maestro task claim ${ready[0].slug}  # ${ready[0].priority} ${ready[0].title}` : blocked.length ? `unblock: finish ${slugOf(blocked[0]!.waitingOn[0]!)}` : null;
  const cancelled = all.filter((t) => t.status === "cancelled").length;
  return { active, ready, blocked, completed: all.length - open.length - cancelled, cancelled, tracks: tracks.slice(0, 20), next };
};

/** In-progress tasks whose last activity is older than `olderThanMs` before `now`. */
export const stuckTasks = (s: TasksState, now: string, olderThanMs: number): Task[] =>
  allTasks(s).filter((t) => t.status === "in_progress" && Date.parse(now) - Date.parse(t.lastActivityAt) > olderThanMs);
