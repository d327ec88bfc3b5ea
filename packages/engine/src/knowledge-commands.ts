// Principles, replies and memory: the use cases that write.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { own } from "@maestro/core/envelope";
import * as Either from "effect/Either";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import { decodeCommand } from "@maestro/core/input-fields";
import { MemoryCommand } from "@maestro/core/memory/commands";
import { decideMemory } from "@maestro/core/memory/memory";
import { parseReplyReport, type ReplyOutcome } from "@maestro/core/mission/reply";
import { PrincipleCommand } from "@maestro/core/principles/commands";
import { decidePrinciples, livePrinciples } from "@maestro/core/principles/principles";
import { appendEvents } from "@maestro/store/append";
import { appendMetaOf, type Ctx } from "./context.js";
import { loadPrinciples, memoryRef, principlesRef } from "./knowledge.js";
import { runMissionCommand } from "./mission-commands.js";
import { loadMission } from "./missions.js";
import { notify } from "./notify.js";
import { initWorkspace, requireWorkspace } from "./workspace.js";

/** Runs one principles command, decoded first (its fields keep their limits from any app). */
export const runPrincipleCommand = async (ctx: Ctx, input: PrincipleCommand) => {
  const cmd = decodeCommand(PrincipleCommand, input);
  // (an outcome is of a run this machine launched: one it cannot find is a typo, not a rating; an unknown principle is decide's to say first)
  if (cmd.type === "Rate" && own((await loadPrinciples(ctx)).principles, cmd.principleId)) await (await import("./handoffs.js")).loadHandoff(ctx, cmd.handoffId);
  const r = await appendEvents(principlesRef(requireWorkspace(ctx)), (f) => decidePrinciples(f.state, cmd), appendMetaOf(ctx));
  return { events: r.events, state: r.state };
};

/** Runs one memory command, decoded first. */
export const runMemoryCommand = async (ctx: Ctx, input: MemoryCommand) => {
  const cmd = decodeCommand(MemoryCommand, input);
  const r = await appendEvents(memoryRef(requireWorkspace(ctx)), (f) => decideMemory(f.state, cmd), appendMetaOf(ctx));
  return { events: r.events, state: r.state };
};

/** Records an agent's reply; an abandoned one needs no report, only the reason in `notes`. */
export const writeReply = async (ctx: Ctx, o: { missionId: string; featureId: string; outcome: ReplyOutcome; reportText?: string; source: string; notes?: string }) => {
  if (o.reportText === undefined && !(o.outcome === "abandoned" && o.notes?.trim()))
    throw new InvalidInput({ condition: "UsageError", message: "pass the report with --file report.json or --report-stdin (only --outcome abandoned may give just --notes \"why\")" });
  const reportText = o.reportText ?? JSON.stringify({ salientSummary: o.notes!.trim() });
  const report = Either.getOrThrowWith(parseReplyReport(reportText, o.source), (e) => e);
  const { domain } = (await loadMission(ctx, o.missionId));
  const f = own(domain.features, o.featureId);
  if (!f) throw new NotFound({ condition: "FeatureNotFound", message: `feature "${o.featureId}" not found in mission "${o.missionId}"` });
  const profile = own(domain.milestones, f.milestoneId)?.profile;
  const principles = livePrinciples((await loadPrinciples(ctx)), profile);
  const handoffId = ctx.env["MAESTRO_HANDOFF_ID"]?.trim() || undefined;
  const changed = handoffId ? await changedByRun(ctx, handoffId) : undefined;
  const r = await runMissionCommand(ctx, o.missionId, {
    type: "RecordReply",
    replyId: ctx.newId("reply"),
    featureId: o.featureId,
    outcome: o.outcome,
    report,
    principles,
    ...(o.notes ? { notes: o.notes } : {}),
    ...(handoffId ? { handoffId } : {}),
    ...(changed ? { changed } : {}),
  });
  for (const e of r.events)
    if (e.type === "ReplyRecorded" && e.data.result === "kicked-back")
      await notify(ctx, "kickback", { missionId: o.missionId, featureId: o.featureId, replyId: e.data.replyId, handoffId: e.data.handoffId, reason: e.data.reason });
  return r;
};

/** The files a run has changed so far (what its reply's scope is judged against), or undefined where it has no git start. */
const changedByRun = async (ctx: Ctx, handoffId: string): Promise<string[] | undefined> => {
  const rec = await (await import("./handoffs.js")).loadHandoff(ctx, handoffId).catch(() => undefined);
  const before = rec?.git?.before;
  if (!rec || !before) return undefined;
  const c = (await import("@maestro/handoff/git")).changesSince(rec.targetDir, before);
  return "unavailable" in c ? undefined : c.files.map((f) => f.path);
};

/** `maestro init`: the workspace, and the default principles on first init. */
export const initProject = async (ctx: Ctx) => {
  const ws = initWorkspace(ctx);
  // (maestro works without git; sharing it does not)
  if (ws.created && !existsSync(join(ws.root, ".git"))) ctx.warn(`${ws.root} is not a git repository: sync, worktrees and the git facts of a brief need one (git init)`);
  const seeded = await runPrincipleCommand(ctx, { type: "Seed" });
  return { ...ws, seededPrinciples: seeded.events.length > 0 };
};
