// The tasks stream of a workspace: its reads (ready, history, leases) and its one write,
// `runTaskCommand`. The session is the actor of every task event, so claims and history name
// who holds what. What only a write needs (the command's Schema, decide, the appender, git) is
// loaded by the first write (`writing`), so a read never evaluates it.
import * as Either from "effect/Either";
import { parseDuration } from "@maestro/core/duration";
import { own, type Recorded } from "@maestro/core/envelope";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import type { GitChanges } from "@maestro/core/handoff/facts";
import type { TaskCommand } from "@maestro/core/tasks/commands";
import type { TaskEvent } from "@maestro/core/tasks/events";
import type { TaskPlan } from "@maestro/core/tasks/plan";
import { findTask, holderState, inFlight, leaseEndsAt, matches, readyTasks, requireTask, tasksStream, type TaskFilter } from "@maestro/core/tasks/queries";
import type { Task, TasksState } from "@maestro/core/tasks/state";
import { streamExists } from "@maestro/store/segments";
import { readStream, type Folded, type StreamRef } from "@maestro/store/stream";
import { positionOf, readView, writeView, type LogPosition } from "@maestro/store/view";
import { streamPaths, workspaceStream, type Workspace } from "@maestro/store/workspace";
import { limitOf, type At } from "./at.js";
import type { Ctx } from "./context.js";
import { readInputFile } from "./input.js";
import { currentFold } from "./reads.js";
import { requireWorkspace } from "./workspace.js";

export type TasksRef = StreamRef<TasksState, TaskEvent>;

/** What a write needs and a read does not, loaded once by the first write. */
const writing = async () => {
  const [input, commands, decide, append, context, notify, git] = await Promise.all([
    import("@maestro/core/input-fields"),
    import("@maestro/core/tasks/commands"),
    import("@maestro/core/tasks/decide"),
    import("@maestro/store/append"),
    import("./context.js"),
    import("./notify.js"),
    import("@maestro/handoff/git"),
  ]);
  return { decodeCommand: input.decodeCommand, TaskCommand: commands.TaskCommand, decideTasks: decide.decideTasks, appendEvents: append.appendEvents, appendMetaOf: context.appendMetaOf, notify: notify.notify, headOf: git.headOf, changesSince: git.changesSince };
};

export const tasksRef = (ws: Workspace): TasksRef => workspaceStream(ws, tasksStream, { key: "tasks", dir: streamPaths(ws).tasks, label: "tasks", cache: true });

/** Whether the workspace has a tasks stream yet. */
export const tasksExist = (ws: Workspace): boolean => streamExists(tasksRef(ws));

export const loadTasks = async (ctx: Ctx, opts: { at?: At; collect?: (e: Recorded<TaskEvent>) => boolean } = {}): Promise<Folded<TasksState, TaskEvent>> => {
  const ref = tasksRef(requireWorkspace(ctx));
  const limit = opts.at === undefined ? undefined : await limitOf(ref, opts.at);
  const f = !limit && !opts.collect ? await currentFold(ctx, ref) : await readStream(ref, { ...(limit ? { at: limit } : {}), ...(opts.collect ? { collect: opts.collect } : {}) });
  if (limit && "seq" in limit && limit.seq > f.seq) throw new InvalidInput({ condition: "InvalidValue", message: `--at ${limit.seq} is outside the tasks stream (events 1..${f.seq})` });
  return f;
};

// The top of the ready queue, saved by every writer (and by a read that had to fold), so
// `task ready` answers from a few KB instead of the whole graph's snapshot while the log has
// not moved. The key names the evolve it was computed with.
const READY_VIEW_SIZE = 100;
const readyViewKey = `tasks-ready/${tasksStream.stateVersion}.2`;
const readyViewPath = (ws: Workspace) => `${streamPaths(ws).cacheDir}/views/tasks-ready.json`;
interface ReadyView {
  readonly total: number;
  readonly top: Task[];
  /** holders of in-progress tasks that are handoff runs (`<agent>:<handoff id>`): a claim asks whether they ended */
  readonly runHolders: string[];
}

const RUN_HOLDER = /^(?:codex|claude|gemini):(hof_\w+)$/;
const runHoldersOf = (state: TasksState) => [...new Set(Object.values(state.tasks).flatMap((t) => (t.status === "in_progress" && t.assignee && RUN_HOLDER.test(t.assignee) ? [t.assignee] : [])))];

export const saveReadyView = (ws: Workspace, state: TasksState, at: LogPosition) => {
  const ready = readyTasks(state);
  writeView(readyViewPath(ws), readyViewKey, at, { total: ready.length, top: ready.slice(0, READY_VIEW_SIZE), runHolders: runHoldersOf(state) } satisfies ReadyView);
};

/** Ready tasks that match `filter`, P0 first (`limit`: the first so many, else all), as of `at` or now. */
export const readyTasksOf = async (ctx: Ctx, opts: { at?: At; limit?: number; filter?: TaskFilter } = {}): Promise<Task[]> => {
  const { at, limit, filter = {} } = opts;
  const take = (ts: Task[]) => (limit === undefined ? ts : ts.slice(0, limit));
  const ws = requireWorkspace(ctx);
  if (at === undefined) {
    const view = readView<ReadyView>(readyViewPath(ws), tasksRef(ws), readyViewKey);
    // (a filtered answer is whole from the view only when the view holds every ready task)
    const filtered = Object.keys(filter).length > 0;
    if (view && (view.total <= READY_VIEW_SIZE || (!filtered && limit !== undefined && limit <= READY_VIEW_SIZE))) return take(view.top.filter((t) => matches(t, filter)));
  }
  const f = await loadTasks(ctx, at === undefined ? {} : { at });
  if (at === undefined && f.torn.length === 0) saveReadyView(ws, f.state, positionOf(f));
  return take(readyTasks(f.state, filter));
};


/** The events that touched one task, oldest first. */
export const taskHistory = async (ctx: Ctx, ref: string) => {
  const t = requireTask((await loadTasks(ctx)).state, ref);
  const touches = (e: Recorded<TaskEvent>): boolean => {
    const d = e.data as Record<string, unknown>;
    if (d["taskId"] === t.id || d["blocker"] === t.id) return true;
    if (Array.isArray(d["taskIds"]) && d["taskIds"].includes(t.id)) return true;
    if (Array.isArray(d["blocked"]) && d["blocked"].includes(t.id)) return true;
    return Array.isArray(d["tasks"]) && (d["tasks"] as { taskId: string }[]).some((x) => x.taskId === t.id);
  };
  return { task: t, events: (await loadTasks(ctx, { collect: touches })).events };
};

/** The length of a claim's lease: `tasks.leaseTtl` (flag > env > project > global > default), checked. */
export const leaseMsOf = async (ctx: Ctx): Promise<number> => {
  const { loadConfig } = await import("./config.js");
  const text = (await loadConfig(ctx))["tasks.leaseTtl"]!.value as string;
  return Either.getOrThrowWith(parseDuration("tasks.leaseTtl", text), (e) => e);
};

/**
 * How a held task's holder stands: by its lease (active, idle, gone), and gone at once when the
 * holder is a handoff's run (`<agent>:<handoff id>`) that has ended.
 */
export const leaseOf = async (ctx: Ctx, t: Task): Promise<{ readonly state: "active" | "idle" | "gone"; readonly endsAt: string; readonly why?: string } | undefined> => {
  if (t.assignee === null) return undefined;
  const ms = await leaseMsOf(ctx);
  const why = await runEnded(ctx, t.assignee);
  if (why) return { state: "gone", endsAt: leaseEndsAt(t, ms), why };
  return { state: holderState(t, ctx.now(), ms), endsAt: leaseEndsAt(t, ms) };
};

/** Why a holder that is a handoff's run (`<agent>:<handoff id>`) is gone, if its run has ended. */
const runEnded = async (ctx: Ctx, holder: string): Promise<string | undefined> => {
  const run = RUN_HOLDER.exec(holder)?.[1];
  if (!run) return undefined;
  const rec = await (await import("./handoffs.js")).loadHandoff(ctx, run).catch(() => undefined);
  return rec && rec.status !== "launching" && rec.status !== "launched" ? `its run ${run} is ${rec.status}` : undefined;
};

/**
 * The holders of in-progress tasks that are runs which have ended, with why: a claim takes their
 * tasks over before the lease runs out. Read from the ready view when it is current (a claim
 * then folds the log once, not twice).
 */
export const goneHolders = async (ctx: Ctx): Promise<Record<string, string>> => {
  const ws = requireWorkspace(ctx);
  const holders = readView<ReadyView>(readyViewPath(ws), tasksRef(ws), readyViewKey)?.runHolders ?? runHoldersOf((await loadTasks(ctx)).state);
  const out: Record<string, string> = {};
  for (const h of holders) {
    const why = await runEnded(ctx, h);
    if (why) out[h] = why;
  }
  return out;
};

/** Runs one task command, decoded first: whichever app built it, its fields keep their limits. */
export const runTaskCommand = async (ctx: Ctx, input: TaskCommand) => {
  const { decodeCommand, TaskCommand, decideTasks, appendEvents, appendMetaOf, notify, headOf } = await writing();
  const command = decodeCommand(TaskCommand, input);
  const ws = requireWorkspace(ctx);
  const claims = command.type === "ClaimTask" || command.type === "ClaimReady" || (command.type === "UpdateTask" && command.status === "in_progress") || (command.type === "PlanTasks" && command.start !== undefined);
  // (a session that changes with every call would be refused its own claim in the next one)
  if (claims && ctx.session === null)
    throw new InvalidInput({ condition: "SessionUnknown", message: "cannot tell which session this is (no --session, $MAESTRO_SESSION, agent session variable, terminal or long-lived parent process); set MAESTRO_SESSION to a name that stays the same across your calls" });
  const feature = "task" in command ? command.task.feature : undefined;
  if (feature) {
    // (loaded here, not at the top: other task commands need none of the mission modules)
    const { loadMission } = await import("./missions.js");
    const { domain } = (await loadMission(ctx, feature.missionId));
    if (!own(domain.features, feature.featureId)) throw new NotFound({ condition: "FeatureNotFound", message: `--feature: feature "${feature.featureId}" not found in mission "${feature.missionId}"` });
  }
  // every claim records the commit it is made at (completing measures the work in git from there);
  // a claim of a held task takes over a holder whose lease expired (tasks.leaseTtl), unless
  // --stale-after says otherwise, or a holder that was a handoff's run which has ended
  const head = claims ? headOf(ctx.cwd) : undefined;
  const at = head === undefined ? {} : { head };
  const leased =
    command.type === "ClaimTask" || command.type === "ClaimReady"
      ? { ...command, ...at, staleAfterMs: command.staleAfterMs ?? (await leaseMsOf(ctx)), gone: await goneHolders(ctx) }
      : command.type === "PlanTasks" && command.start
        ? { ...command, start: { ...command.start, ...at } }
        : command.type === "UpdateTask"
          ? { ...command, ...at, ...(command.status === "completed" ? await workSinceClaim(ctx, command.ref) : {}) }
          : command;
  const r = await appendEvents(tasksRef(ws), (f) => decideTasks(f.state, leased), appendMetaOf(ctx));
  saveReadyView(ws, r.state, r.at);
  for (const e of r.events)
    if (e.type === "TaskClaimed") await notify(ctx, e.data.previous ? "reclaim" : "claim", { taskId: e.data.taskId, session: e.data.session, previous: e.data.previous, reason: e.data.reason ?? null });
  return { events: r.events, state: r.state };
};

/** What was done in git since a task's claim (its claim recorded the commit), for its completion; nothing where that is not known. */
const workSinceClaim = async (ctx: Ctx, ref: string): Promise<{ work?: GitChanges }> => {
  const t = findTask((await loadTasks(ctx)).state, ref);
  if (!t?.claimHead) return {};
  const c = (await writing()).changesSince(ctx.cwd, { head: t.claimHead, branch: null, worktree: ctx.cwd });
  return "unavailable" in c ? {} : { work: c };
};

/** A plan file and its batch id: the file's own, or a hash of its tasks, so the same plan run twice is one plan. */
export const readTaskPlan = async (cwd: string, path: string): Promise<TaskPlan & { readonly batchId: string }> => {
  const { parseTaskPlan } = await import("@maestro/core/tasks/plan");
  // (node:crypto only here: a read never loads it; the bundle reaches builtins this way, not by import())
  const { createHash } = process.getBuiltinModule("node:crypto");
  const plan = Either.getOrThrowWith(parseTaskPlan(readInputFile(cwd, path), path), (e) => e);
  return { ...plan, batchId: plan.batchId ?? `sha256:${createHash("sha256").update(JSON.stringify(plan.tasks)).digest("hex").slice(0, 16)}` };
};

/** The events a task command would record now, without recording them (`--dry-run`). */
export const previewTaskCommand = async (ctx: Ctx, input: TaskCommand): Promise<TaskEvent[]> => {
  const { decodeCommand, TaskCommand, decideTasks } = await writing();
  return Either.getOrThrowWith(decideTasks((await loadTasks(ctx)).state, decodeCommand(TaskCommand, input)), (e) => e);
};

/**
 * Renews the leases of what this session holds, once a quarter of a lease has passed since its
 * last activity (so an agent at work keeps its claims without a write per call): one
 * TaskHeartbeat, or nothing. What the MCP server runs after each call.
 */
export const renewLeases = async (ctx: Ctx): Promise<readonly string[]> => {
  if (!tasksExist(requireWorkspace(ctx))) return [];
  const leaseMs = await leaseMsOf(ctx);
  const now = Date.parse(ctx.now());
  const due = inFlight((await loadTasks(ctx)).state, ctx.actor).filter((t) => now - Date.parse(t.lastActivityAt) > leaseMs / 4);
  if (!due.length) return [];
  await runTaskCommand(ctx, { type: "Heartbeat", refs: due.map((t) => t.id), session: ctx.actor });
  return due.map((t) => t.id);
};
