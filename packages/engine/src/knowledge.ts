// Principles, replies and memory: the loop that scores what agents report and feeds what the
// operator corrects or learns back into the next brief.
import { join, relative } from "node:path";
import * as Either from "effect/Either";
import type { Recorded } from "@maestro/core/envelope";
import { NotFound } from "@maestro/core/errors";
import { decideMemory, memoryStream, type MemoryCommand, type MemoryEvent, type MemoryState } from "@maestro/core/memory/memory";
import type { MissionEvent } from "@maestro/core/mission/events";
import { parseReplyReport, type ReplyOutcome } from "@maestro/core/mission/reply";
import { decidePrinciples, livePrinciples, principlesStream, type PrincipleCommand, type PrincipleEvent, type PrinciplesState } from "@maestro/core/principles/principles";
import { appendEvents } from "@maestro/store/append";
import { foldStream, type StreamRef } from "@maestro/store/stream";
import { streamPaths, type Workspace } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";
import { runMissionCommand } from "./mission-commands.js";
import { listMissions, loadMission } from "./missions.js";
import { initWorkspace, requireWorkspace } from "./workspace.js";

const meta = (ctx: Ctx) => ({ actor: ctx.actor, now: ctx.now, newEventId: () => ctx.newId("event"), warn: ctx.warn });
const cacheOf = (ws: Workspace, path: string) => join(streamPaths(ws).cacheDir, `${relative(ws.dir, path).replaceAll("/", "__")}.json`);

export const principlesRef = (ws: Workspace): StreamRef<PrinciplesState, PrincipleEvent> => ({ kind: principlesStream, path: streamPaths(ws).principles, label: "principles" });
export const memoryRef = (ws: Workspace): StreamRef<MemoryState, MemoryEvent> => ({ kind: memoryStream, path: streamPaths(ws).memory, label: "memory", cachePath: cacheOf(ws, streamPaths(ws).memory) });

export const loadPrinciples = (ctx: Ctx, at?: number) => foldStream(principlesRef(requireWorkspace(ctx)), at === undefined ? {} : { at }).state;
export const loadMemory = (ctx: Ctx, at?: number) => foldStream(memoryRef(requireWorkspace(ctx)), at === undefined ? {} : { at }).state;

export const runPrincipleCommand = async (ctx: Ctx, cmd: PrincipleCommand) => {
  const r = await appendEvents(principlesRef(requireWorkspace(ctx)), (f) => decidePrinciples(f.state, cmd), meta(ctx));
  return { events: r.events, state: r.state };
};

export const runMemoryCommand = async (ctx: Ctx, cmd: MemoryCommand) => {
  const r = await appendEvents(memoryRef(requireWorkspace(ctx)), (f) => decideMemory(f.state, cmd), meta(ctx));
  return { events: r.events, state: r.state };
};

/** Every ReplyRecorded of the workspace's missions, oldest first. */
export const listReplies = (ctx: Ctx, filter: { missionId?: string; featureId?: string } = {}) => {
  const ids = filter.missionId ? [filter.missionId] : listMissions(ctx).map((d) => d.mission.id);
  return ids
    .flatMap((id) => {
      const ref = loadMission(ctx, id).ref;
      return foldStream(ref, { collect: (e) => e.type === "ReplyRecorded" && (!filter.featureId || e.data.featureId === filter.featureId) }).events.map((e) => ({
        missionId: id,
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        ...(e as Extract<Recorded<MissionEvent>, { type: "ReplyRecorded" }>).data,
      }));
    })
    .sort((a, b) => a.at.localeCompare(b.at));
};

export const writeReply = async (ctx: Ctx, o: { missionId: string; featureId: string; outcome: ReplyOutcome; reportText: string; source: string; notes?: string }) => {
  const report = Either.getOrThrowWith(parseReplyReport(o.reportText, o.source), (e) => e);
  const { domain } = loadMission(ctx, o.missionId);
  const f = domain.features[o.featureId];
  if (!f) throw new NotFound({ message: `feature "${o.featureId}" not found in mission "${o.missionId}"` });
  const profile = domain.milestones[f.milestoneId]?.profile;
  const principles = livePrinciples(loadPrinciples(ctx), profile);
  const handoffId = ctx.env["MAESTRO_HANDOFF_ID"]?.trim() || undefined;
  return runMissionCommand(ctx, o.missionId, {
    type: "RecordReply",
    replyId: ctx.newId("reply"),
    featureId: o.featureId,
    outcome: o.outcome,
    report,
    principles,
    ...(o.notes ? { notes: o.notes } : {}),
    ...(handoffId ? { handoffId } : {}),
  });
};

/** Per principle: how often it gated a reply, passed, failed, and how operators rated it. */
export const principleStats = (ctx: Ctx) => {
  const ps = loadPrinciples(ctx);
  // each mission's folded state counts its replies' verdicts, so this reads snapshot caches, not whole logs
  const counts = listMissions(ctx).map((d) => loadMission(ctx, d.mission.id).folded.state.verdicts);
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

/** `maestro init`: the workspace, and the default principles on first init. */
export const initProject = async (ctx: Ctx) => {
  const ws = initWorkspace(ctx);
  const seeded = await runPrincipleCommand(ctx, { type: "Seed" });
  return { ...ws, seededPrinciples: seeded.events.length > 0 };
};
