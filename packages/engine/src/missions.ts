// Mission reads: load a mission's stream (as of `at`), list and resolve missions. The use
// cases that write are in mission-commands.ts, so reads never load decide, plans or Schema.
import { existsSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { Recorded } from "@maestro/core/envelope";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import type { MissionEvent } from "@maestro/core/mission/events";
import { isMissionActive, missionStream } from "@maestro/core/mission/queries";
import type { MissionDomain, MissionState } from "@maestro/core/mission/state";
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

/** The newest `n` events of a mission, read backwards from the end of its log. */
export const recentMissionEvents = (ctx: Ctx, id: string, n: number): Recorded<MissionEvent>[] => tailEvents(loadMission(ctx, id).ref, n);
