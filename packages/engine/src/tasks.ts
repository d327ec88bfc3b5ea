// Task use cases over the one tasks stream of a workspace. The session is the actor of every
// task event, so claims and history name who holds what.
import { relative } from "node:path";
import type { Recorded } from "@maestro/core/envelope";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import type { TaskEvent } from "@maestro/core/tasks/events";
import { findTask, readyTasks, tasksStream } from "@maestro/core/tasks/queries";
import type { Task, TasksState } from "@maestro/core/tasks/state";
import { foldStream, type Folded, type StreamRef } from "@maestro/store/stream";
import { positionOf, readView, writeView, type LogPosition } from "@maestro/store/view";
import { streamPaths, type Workspace } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";
import { requireWorkspace } from "./workspace.js";

export type TasksRef = StreamRef<TasksState, TaskEvent>;

export const tasksRef = (ws: Workspace): TasksRef => {
  const p = streamPaths(ws);
  return { kind: tasksStream, path: p.tasks, label: "tasks", cachePath: `${p.cacheDir}/${relative(ws.dir, p.tasks).replaceAll("/", "__")}.json` };
};

export const loadTasks = (ctx: Ctx, opts: { at?: number; collect?: (e: Recorded<TaskEvent>) => boolean } = {}): Folded<TasksState, TaskEvent> => {
  const ref = tasksRef(requireWorkspace(ctx));
  const f = foldStream(ref, { ...(opts.at === undefined ? {} : { at: opts.at }), ...(opts.collect ? { collect: opts.collect } : {}) });
  if (opts.at !== undefined && (opts.at < 1 || opts.at > f.seq)) throw new InvalidInput({ message: `--at ${opts.at} is outside the tasks stream (events 1..${f.seq})` });
  return f;
};

// The top of the ready queue, saved by every writer (and by a read that had to fold), so
// `task ready` answers from a few KB instead of the whole graph's snapshot while the log has
// not moved. The key names the evolve it was computed with.
const READY_VIEW_SIZE = 100;
const readyViewKey = `tasks-ready/${tasksStream.stateVersion}`;
const readyViewPath = (ws: Workspace) => `${streamPaths(ws).cacheDir}/views/tasks-ready.json`;
interface ReadyView {
  readonly total: number;
  readonly top: Task[];
}

export const saveReadyView = (ws: Workspace, state: TasksState, at: LogPosition) => {
  const ready = readyTasks(state);
  writeView(readyViewPath(ws), readyViewKey, at, { total: ready.length, top: ready.slice(0, READY_VIEW_SIZE) } satisfies ReadyView);
};

/** Ready tasks, P0 first (`limit`: the first so many), as of `at` or now. */
export const readyTasksOf = (ctx: Ctx, opts: { at?: number; limit?: number } = {}): Task[] => {
  const { at, limit } = opts;
  const take = (ts: Task[]) => (limit === undefined ? ts : ts.slice(0, limit));
  const ws = requireWorkspace(ctx);
  if (at === undefined) {
    const view = readView<ReadyView>(readyViewPath(ws), tasksRef(ws).path, readyViewKey);
    if (view && (view.total <= READY_VIEW_SIZE || (limit !== undefined && limit >= 0 && limit <= READY_VIEW_SIZE))) return take(view.top);
  }
  const f = loadTasks(ctx, at === undefined ? {} : { at });
  if (at === undefined && !f.torn) saveReadyView(ws, f.state, positionOf(f));
  return take(readyTasks(f.state));
};


/** The events that touched one task, oldest first. */
export const taskHistory = (ctx: Ctx, ref: string) => {
  const t = findTask(loadTasks(ctx).state, ref);
  if (!t) throw new NotFound({ message: `task "${ref}" not found; see \`maestro task list\`` });
  const touches = (e: Recorded<TaskEvent>): boolean => {
    const d = e.data as Record<string, unknown>;
    if (d["taskId"] === t.id || d["blocker"] === t.id) return true;
    if (Array.isArray(d["taskIds"]) && d["taskIds"].includes(t.id)) return true;
    if (Array.isArray(d["blocked"]) && d["blocked"].includes(t.id)) return true;
    return Array.isArray(d["tasks"]) && (d["tasks"] as { taskId: string }[]).some((x) => x.taskId === t.id);
  };
  return { task: t, events: loadTasks(ctx, { collect: touches }).events };
};
