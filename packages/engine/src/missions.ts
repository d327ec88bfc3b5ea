// Mission reads: load a mission's stream (as of `at`), list and resolve missions. The use
// cases that write are in mission-commands.ts, so reads never load decide, plans or Schema.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Recorded } from "@maestro/core/envelope";
import { CorruptStore, InvalidInput, NotFound } from "@maestro/core/errors";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import type { MissionEvent } from "@maestro/core/mission/events";
import { isMissionActive, missionStream } from "@maestro/core/mission/queries";
import type { MissionDomain, MissionState } from "@maestro/core/mission/state";
import { readStream, tailEvents, type Folded, type FoldLimit, type StreamRef } from "@maestro/store/stream";
import { currentFold } from "./reads.js";
import { streamExists } from "@maestro/store/segments";
import { streamPaths, workspaceStream, type Workspace } from "@maestro/store/workspace";
import { limitOf, timeOnly, type At } from "./at.js";
import type { Ctx } from "./context.js";
import { requireWorkspace } from "./workspace.js";

export type MissionRef = StreamRef<MissionState, MissionEvent>;

export const missionRef = (ws: Workspace, id: string): MissionRef => {
  if (!USER_ID_PATTERN.test(id)) throw new InvalidInput({ condition: "InvalidValue", message: `invalid mission id ${JSON.stringify(id)}` });
  return workspaceStream(ws, missionStream, { key: `mission-${id}`, dir: streamPaths(ws).mission(id), label: `mission ${id}`, cache: true });
};

export const missionIds = (ws: Workspace): string[] => {
  const dir = streamPaths(ws).missionsDir;
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && USER_ID_PATTERN.test(d.name) && streamExists({ dir: join(dir, d.name) }))
    .map((d) => d.name)
    .sort();
};

export interface LoadedMission {
  /** what `--at` named, resolved */
  readonly limit?: FoldLimit;
  readonly ref: MissionRef;
  readonly folded: Folded<MissionState, MissionEvent>;
  readonly domain: MissionDomain;
}

/** The stream of a mission that exists (without folding it: a write folds it once, in the append). */
export const existingMissionRef = (ctx: Ctx, id: string): MissionRef => {
  const ref = missionRef(requireWorkspace(ctx), id);
  if (!streamExists(ref)) throw new NotFound({ condition: "MissionNotFound", message: `mission "${id}" not found; see \`maestro mission list\`` });
  return ref;
};

export const loadMission = async (ctx: Ctx, id: string, opts: { at?: At } = {}): Promise<LoadedMission> => {
  const ref = existingMissionRef(ctx, id);
  const limit = opts.at === undefined ? undefined : await limitOf(ref, opts.at, async (c) => (await readStream(ref)).state.checkpoints.find((x) => x.id === c)?.vector);
  const folded = limit ? await readStream(ref, { at: limit }) : await currentFold(ctx, ref);
  if (limit && "seq" in limit && limit.seq > folded.seq) throw new InvalidInput({ condition: "InvalidValue", message: `--at ${limit.seq} is outside mission "${id}" (events 1..${folded.seq})` });
  if (!folded.state.domain) throw new NotFound({ condition: "MissionNotFound", message: `mission "${id}" has no MissionCreated event` });
  return { ref, folded, domain: folded.state.domain, ...(limit ? { limit } : {}) };
};

/** Every mission that reads, and the ones whose log cannot be trusted (one broken mission does not hide the rest). */
export const scanMissions = async (ctx: Ctx, at?: string): Promise<{ missions: MissionDomain[]; broken: { id: string; message: string }[] }> => {
  const ws = requireWorkspace(ctx);
  if (at !== undefined) timeOnly(at);
  const domains: MissionDomain[] = [];
  const broken: { id: string; message: string }[] = [];
  for (const id of missionIds(ws))
    try {
      const ref = missionRef(ws, id);
      const d = (at === undefined ? await currentFold(ctx, ref) : await readStream(ref, { at: await limitOf(ref, at) })).state.domain;
      if (d) domains.push(d);
    } catch (e) {
      if (!(e instanceof CorruptStore)) throw e;
      broken.push({ id, message: e.message });
    }
  domains.sort((a, b) => a.mission.createdAt.localeCompare(b.mission.createdAt) || a.mission.id.localeCompare(b.mission.id));
  return { missions: domains, broken };
};

/** The missions that read; each broken one is said on stderr, with where to look. */
export const listMissions = async (ctx: Ctx, at?: string): Promise<MissionDomain[]> => {
  const { missions, broken } = await scanMissions(ctx, at);
  for (const b of broken) ctx.warn(`mission ${b.id} cannot be read (${b.message}); \`maestro log verify -m ${b.id}\` names the line`);
  return missions;
};

/** `--mission` may be left out when exactly one mission is active (or only one exists). */
export const resolveMissionId = async (ctx: Ctx, given: string | undefined): Promise<string> => {
  if (given) return given;
  const all = await listMissions(ctx);
  const active = all.filter(isMissionActive);
  if (active.length === 1) return active[0]!.mission.id;
  if (active.length === 0 && all.length === 1) return all[0]!.mission.id;
  if (active.length === 0) throw new NotFound({ condition: "NoActiveMission", message: "no active mission; create one with `maestro mission create --file plan.json` or pass --mission <id>" });
  throw new InvalidInput({ condition: "MissionAmbiguous", message: `${active.length} missions are active (${active.map((d) => d.mission.id).join(", ")}); pass --mission <id>` });
};

/** The newest `n` events of a mission, read backwards from the end of its log. */
export const recentMissionEvents = async (ctx: Ctx, id: string, n: number): Promise<Recorded<MissionEvent>[]> => tailEvents((await loadMission(ctx, id)).ref, n);
