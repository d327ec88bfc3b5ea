// Principles, replies and memory, as read: the loop that scores what agents report and feeds
// what the operator corrects or learns back into the next brief. Writes: knowledge-commands.ts.
import type { NewEvent, Recorded } from "@maestro/core/envelope";
import type { MemoryEvent } from "@maestro/core/memory/events";
import { memoryStream, type MemoryState } from "@maestro/core/memory/memory";
import type { MissionEvent } from "@maestro/core/mission/events";
import type { PrincipleEvent } from "@maestro/core/principles/events";
import { livePrinciples, principlesStream, type PrinciplesState } from "@maestro/core/principles/principles";
import { readStream, type StreamRef } from "@maestro/store/stream";
import { currentFold } from "./reads.js";
import { streamPaths, workspaceStream, type Workspace } from "@maestro/store/workspace";
import { limitOf, timeOnly, type At } from "./at.js";
import type { Ctx } from "./context.js";
import { listMissions, loadMission } from "./missions.js";
import { requireWorkspace } from "./workspace.js";

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

