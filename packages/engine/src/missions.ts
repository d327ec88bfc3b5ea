// Mission use cases: each loads the mission's stream, decides, appends. Reads take `at`.
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import * as Either from "effect/Either";
import type { Recorded } from "@maestro/core/envelope";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import { decideMission, type MissionCommand } from "@maestro/core/mission/decide";
import type { MissionEvent } from "@maestro/core/mission/events";
import { isMissionActive, missionStream } from "@maestro/core/mission/queries";
import type { MissionDomain, MissionState } from "@maestro/core/mission/state";
import { parsePlan } from "@maestro/core/plan";
import { appendEvents } from "@maestro/store/append";
import { foldStream, tailEvents, type Folded, type StreamRef } from "@maestro/store/stream";
import { streamPaths, type Workspace } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";
import { requireWorkspace } from "./workspace.js";

export type MissionRef = StreamRef<MissionState, MissionEvent>;

export const missionRef = (ws: Workspace, id: string): MissionRef => {
  if (!USER_ID_PATTERN.test(id)) throw new InvalidInput({ message: `invalid mission id ${JSON.stringify(id)}` });
  const path = streamPaths(ws).mission(id);
  return { kind: missionStream, path, label: `mission ${id}`, cachePath: join(streamPaths(ws).cacheDir, `${relative(ws.dir, path).replaceAll("/", "__")}.json`) };
};

export const missionIds = (ws: Workspace): string[] => {
  const dir = streamPaths(ws).missionsDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && USER_ID_PATTERN.test(d.name) && existsSync(join(dir, d.name, "events.jsonl")))
    .map((d) => d.name)
    .sort();
};

const appendMeta = (ctx: Ctx) => ({ actor: ctx.actor, now: ctx.now, newEventId: () => ctx.newId("event"), warn: ctx.warn });

export interface LoadedMission {
  readonly ref: MissionRef;
  readonly folded: Folded<MissionState, MissionEvent>;
  readonly domain: MissionDomain;
}

export const loadMission = (ctx: Ctx, id: string, opts: { at?: number } = {}): LoadedMission => {
  const ws = requireWorkspace(ctx);
  const ref = missionRef(ws, id);
  if (!existsSync(ref.path)) throw new NotFound({ message: `mission "${id}" not found; see \`maestro mission list\`` });
  const folded = foldStream(ref, opts.at === undefined ? {} : { at: opts.at });
  if (opts.at !== undefined && (opts.at < 1 || opts.at > folded.seq))
    throw new InvalidInput({ message: `--at ${opts.at} is outside mission "${id}" (events 1..${folded.seq})` });
  if (!folded.state.domain) throw new NotFound({ message: `mission "${id}" has no MissionCreated event` });
  return { ref, folded, domain: folded.state.domain };
};

export const listMissions = (ctx: Ctx): MissionDomain[] => {
  const ws = requireWorkspace(ctx);
  return missionIds(ws)
    .map((id) => foldStream(missionRef(ws, id)).state.domain)
    .filter((d): d is MissionDomain => d !== null)
    .sort((a, b) => a.mission.createdAt.localeCompare(b.mission.createdAt) || a.mission.id.localeCompare(b.mission.id));
};

/** `--mission` may be left out when exactly one mission is active (or only one exists). */
export const resolveMissionId = (ctx: Ctx, given: string | undefined): string => {
  if (given) return given;
  const all = listMissions(ctx);
  const active = all.filter(isMissionActive);
  if (active.length === 1) return active[0]!.mission.id;
  if (active.length === 0 && all.length === 1) return all[0]!.mission.id;
  if (active.length === 0) throw new NotFound({ message: "no active mission; create one with `maestro mission create --file plan.json` or pass --mission <id>" });
  throw new InvalidInput({ message: `${active.length} missions are active (${active.map((d) => d.mission.id).join(", ")}); pass --mission <id>` });
};

export const createMission = async (ctx: Ctx, planText: string, source: string) => {
  const plan = Either.getOrThrowWith(parsePlan(planText, source), (e) => e);
  const ws = requireWorkspace(ctx);
  const missionId = ctx.newId("mission");
  const ref = missionRef(ws, missionId);
  const r = await appendEvents(ref, (f) => decideMission(f.state, { type: "CreateMission", missionId, plan }), appendMeta(ctx));
  return r.state.domain!;
};

/** Restores a checkpoint: the state it brings back is folded from history at its seq. */
export const restoreCheckpoint = async (ctx: Ctx, missionId: string, checkpointId: string) => {
  const { folded } = loadMission(ctx, missionId);
  const c = folded.state.checkpoints.find((x) => x.id === checkpointId);
  if (!c) throw new NotFound({ message: `checkpoint "${checkpointId}" not found in mission "${missionId}"; see \`maestro checkpoint list\`` });
  const past = { seq: c.seq, domain: loadMission(ctx, missionId, { at: c.seq }).domain };
  return runMissionCommand(ctx, missionId, { type: "RestoreCheckpoint", checkpointId, past });
};

/** Runs one mission command; returns the events it recorded and the state after them. */
export const runMissionCommand = async (ctx: Ctx, missionId: string, cmd: MissionCommand) => {
  const { ref } = loadMission(ctx, missionId);
  const r = await appendEvents(ref, (f) => decideMission(f.state, cmd), appendMeta(ctx));
  return { events: r.events, state: r.state, domain: r.state.domain! };
};

/** The newest `n` events of a mission, read backwards from the end of its log. */
export const recentMissionEvents = (ctx: Ctx, id: string, n: number): Recorded<MissionEvent>[] => tailEvents(loadMission(ctx, id).ref, n);
