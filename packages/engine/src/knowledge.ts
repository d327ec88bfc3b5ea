// The principles and memory streams, and replies: the loop that scores what agents report and
// feeds what the operator corrects or learns back into the next brief. Reads and writes; what
// only a write needs (command Schemas, the report's Schema, the appender) is loaded by the first
// write (`writing`), so a read never evaluates it.
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as Either from "effect/Either";
import { own, type NewEvent, type Recorded } from "@maestro/core/envelope";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import type { MemoryCommand } from "@maestro/core/memory/commands";
import type { MemoryEvent } from "@maestro/core/memory/events";
import { decideMemory, memoryStream, type MemoryState } from "@maestro/core/memory/memory";
import type { MissionEvent } from "@maestro/core/mission/events";
import type { ReplyOutcome } from "@maestro/core/mission/reply";
import type { PrincipleCommand } from "@maestro/core/principles/commands";
import type { PrincipleEvent } from "@maestro/core/principles/events";
import { decidePrinciples, livePrinciples, principlesStream, type PrinciplesState } from "@maestro/core/principles/principles";
import { readStream, type StreamRef } from "@maestro/store/stream";
import { streamPaths, workspaceStream, type Workspace } from "@maestro/store/workspace";
import { limitOf, timeOnly, type At } from "./at.js";
import type { Ctx } from "./context.js";
import { listMissions, loadMission, runMissionCommand } from "./missions.js";
import { currentFold } from "./reads.js";
import { initWorkspace, requireWorkspace } from "./workspace.js";

/** What a write needs and a read does not, loaded once by the first write. */
const writing = async () => {
  const [input, principles, memory, reply, append, context, notify] = await Promise.all([
    import("@maestro/core/input-fields"),
    import("@maestro/core/principles/commands"),
    import("@maestro/core/memory/commands"),
    import("@maestro/core/mission/reply"),
    import("@maestro/store/append"),
    import("./context.js"),
    import("./notify.js"),
  ]);
  return {
    decodeCommand: input.decodeCommand,
    PrincipleCommand: principles.PrincipleCommand,
    MemoryCommand: memory.MemoryCommand,
    parseReplyReport: reply.parseReplyReport,
    appendEvents: append.appendEvents,
    appendMetaOf: context.appendMetaOf,
    notify: notify.notify,
  };
};

export const principlesRef = (ws: Workspace): StreamRef<PrinciplesState, PrincipleEvent> =>
  workspaceStream(ws, principlesStream, { key: "principles", dir: streamPaths(ws).principles, legacy: streamPaths(ws).principlesLegacy, label: "principles" });
export const memoryRef = (ws: Workspace): StreamRef<MemoryState, MemoryEvent> => workspaceStream(ws, memoryStream, { key: "memory", dir: streamPaths(ws).memory, label: "memory", cache: true });

const foldAt = async <S, E extends NewEvent>(ctx: Ctx, ref: StreamRef<S, E>, at?: At) => (at === undefined ? await currentFold(ctx, ref) : await readStream(ref, { at: await limitOf(ref, at) })).state;
export const loadPrinciples = (ctx: Ctx, at?: At) => foldAt(ctx, principlesRef(requireWorkspace(ctx)), at);
export const loadMemory = (ctx: Ctx, at?: At) => foldAt(ctx, memoryRef(requireWorkspace(ctx)), at);

/** Every ReplyRecorded of the workspace's missions, oldest first. */
export const listReplies = async (ctx: Ctx, filter: { missionId?: string; featureId?: string; at?: string } = {}) => {
  // (across missions `--at` must be a time, which listMissions checks; in one mission any point)
  const ids = filter.missionId ? [filter.missionId] : (await listMissions(ctx, filter.at)).map((d) => d.mission.id);
  const out = [];
  for (const id of ids) {
    const { ref } = await loadMission(ctx, id);
    const limit = filter.at === undefined ? undefined : await limitOf(ref, filter.at);
    const f = await readStream(ref, { ...(limit ? { at: limit } : {}), collect: (e) => e.type === "ReplyRecorded" && (!filter.featureId || e.data.featureId === filter.featureId) });
    for (const e of f.events) out.push({ missionId: id, seq: e.seq, at: e.at, actor: e.actor, ...(e as Extract<Recorded<MissionEvent>, { type: "ReplyRecorded" }>).data });
  }
  return out.sort((a, b) => a.at.localeCompare(b.at));
};

/** Per principle: how often it gated a reply, passed, failed, and how operators rated it (as of `at`, a time). */
export const principleStats = async (ctx: Ctx, at?: string) => {
  // (the principles and every mission: only a time is one moment in all of them)
  const time = at === undefined ? undefined : timeOnly(at, "principles and missions");
  const ps = await loadPrinciples(ctx, time);
  // each mission's folded state counts its replies' verdicts, so this reads snapshot caches, not whole logs
  const counts: Readonly<Record<string, { readonly passed: number; readonly failed: number }>>[] = [];
  for (const d of await listMissions(ctx, time)) counts.push((await loadMission(ctx, d.mission.id, time ? { at: time } : {})).folded.state.verdicts);
  return livePrinciples(ps).map((p) => {
    const passed = counts.reduce((n, c) => n + (c[p.id]?.passed ?? 0), 0);
    const failed = counts.reduce((n, c) => n + (c[p.id]?.failed ?? 0), 0);
    const rated = ps.outcomes.filter((o) => o.principleId === p.id);
    const helpful = rated.filter((o) => o.helpful).length;
    return {
      id: p.id,
      mode: p.mode,
      gated: passed + failed,
      passed,
      failed,
      helpful,
      unhelpful: rated.length - helpful,
      effectiveness: rated.length ? Math.round((helpful / rated.length) * 100) / 100 : null,
    };
  });
};

/** Runs one principles command, decoded first (its fields keep their limits from any app). */
export const runPrincipleCommand = async (ctx: Ctx, input: PrincipleCommand) => {
  const { decodeCommand, PrincipleCommand, appendEvents, appendMetaOf } = await writing();
  const cmd = decodeCommand(PrincipleCommand, input);
  // (an outcome is of a run this machine launched: one it cannot find is a typo, not a rating; an unknown principle is decide's to say first)
  if (cmd.type === "Rate" && own((await loadPrinciples(ctx)).principles, cmd.principleId)) await (await import("./handoffs.js")).loadHandoff(ctx, cmd.handoffId);
  const r = await appendEvents(principlesRef(requireWorkspace(ctx)), (f) => decidePrinciples(f.state, cmd), appendMetaOf(ctx));
  return { events: r.events, state: r.state };
};

/** Runs one memory command, decoded first. */
export const runMemoryCommand = async (ctx: Ctx, input: MemoryCommand) => {
  const { decodeCommand, MemoryCommand, appendEvents, appendMetaOf } = await writing();
  const cmd = decodeCommand(MemoryCommand, input);
  const r = await appendEvents(memoryRef(requireWorkspace(ctx)), (f) => decideMemory(f.state, cmd), appendMetaOf(ctx));
  return { events: r.events, state: r.state };
};

/** Records an agent's reply; an abandoned one needs no report, only the reason in `notes`. */
export const writeReply = async (ctx: Ctx, o: { missionId: string; featureId: string; outcome: ReplyOutcome; reportText?: string; source: string; notes?: string }) => {
  if (o.reportText === undefined && !(o.outcome === "abandoned" && o.notes?.trim()))
    throw new InvalidInput({ condition: "UsageError", message: "pass the report with --file report.json or --report-stdin (only --outcome abandoned may give just --notes \"why\")" });
  const { parseReplyReport, notify } = await writing();
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
