// Task use cases that write (and the batch file they read): decide against the tasks stream,
// append, save the ready view. Reads are in tasks.ts, so they never load decide or Schema.
import { own } from "@maestro/core/envelope";
import { createHash } from "node:crypto";
import * as Either from "effect/Either";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import { decodeCommand } from "@maestro/core/input-fields";
import { TaskCommand } from "@maestro/core/tasks/commands";
import { decideTasks } from "@maestro/core/tasks/decide";
import type { TaskEvent } from "@maestro/core/tasks/events";
import { parseTaskPlan, type TaskPlan } from "@maestro/core/tasks/plan";
import { appendEvents } from "@maestro/store/append";
import { appendMetaOf, type Ctx } from "./context.js";
import { readInputFile } from "./input.js";
import type { GitChanges } from "@maestro/core/handoff/events";
import { changesSince, headOf } from "@maestro/handoff/git";
import { goneHolders, leaseMsOf, loadTasks, saveReadyView, tasksExist, tasksRef } from "./tasks.js";
import { findTask, inFlight } from "@maestro/core/tasks/queries";
import { notify } from "./notify.js";
import { requireWorkspace } from "./workspace.js";

/** Runs one task command, decoded first: whichever app built it, its fields keep their limits. */
export const runTaskCommand = async (ctx: Ctx, input: TaskCommand) => {
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
  // a claim takes over a holder whose lease expired (tasks.leaseTtl), unless --stale-after says otherwise
  // (and, before that, a holder that was a handoff's run which has ended)
  // (a claim also records the commit it is made at; completing measures the work in git from there)
  const claim = command.type === "ClaimTask" || command.type === "ClaimReady";
  const head = claim ? headOf(ctx.cwd) : undefined;
  const leased = claim
    ? { ...command, staleAfterMs: command.staleAfterMs ?? (await leaseMsOf(ctx)), gone: await goneHolders(ctx), ...(head !== undefined ? { head } : {}) }
    : command.type === "UpdateTask" && command.status === "completed"
      ? { ...command, ...(await workSinceClaim(ctx, command.ref)) }
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
  const c = changesSince(ctx.cwd, { head: t.claimHead, branch: null, worktree: ctx.cwd });
  return "unavailable" in c ? {} : { work: c };
};

/** A plan file and its batch id: the file's own, or a hash of its tasks, so the same plan run twice is one plan. */
export const readTaskPlan = (cwd: string, path: string): TaskPlan & { readonly batchId: string } => {
  const plan = Either.getOrThrowWith(parseTaskPlan(readInputFile(cwd, path), path), (e) => e);
  return { ...plan, batchId: plan.batchId ?? `sha256:${createHash("sha256").update(JSON.stringify(plan.tasks)).digest("hex").slice(0, 16)}` };
};

/** The events a task command would record now, without recording them (`--dry-run`). */
export const previewTaskCommand = async (ctx: Ctx, input: TaskCommand): Promise<TaskEvent[]> => Either.getOrThrowWith(decideTasks((await loadTasks(ctx)).state, decodeCommand(TaskCommand, input)), (e) => e);

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
