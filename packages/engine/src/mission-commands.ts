// Mission use cases that write: each loads the mission's stream, decides, appends.
import * as Either from "effect/Either";
import { NotFound } from "@maestro/core/errors";
import { decideMission, type MissionCommand } from "@maestro/core/mission/decide";
import { parsePlan } from "@maestro/core/plan";
import { appendEvents } from "@maestro/store/append";
import { readStream } from "@maestro/store/stream";
import { appendMetaOf, type Ctx } from "./context.js";
import { loadMission, missionRef } from "./missions.js";
import { requireWorkspace } from "./workspace.js";

export const createMission = async (ctx: Ctx, planText: string, source: string) => {
  const plan = Either.getOrThrowWith(parsePlan(planText, source), (e) => e);
  const ws = requireWorkspace(ctx);
  const missionId = ctx.newId("mission");
  const ref = missionRef(ws, missionId);
  const r = await appendEvents(ref, (f) => decideMission(f.state, { type: "CreateMission", missionId, plan }), appendMetaOf(ctx));
  return r.state.domain!;
};

/** Restores a checkpoint: the state it brings back is folded from history at its version vector, which no merge moves. */
export const restoreCheckpoint = async (ctx: Ctx, missionId: string, checkpointId: string) => {
  const { folded } = (await loadMission(ctx, missionId));
  const c = folded.state.checkpoints.find((x) => x.id === checkpointId);
  if (!c) throw new NotFound({ message: `checkpoint "${checkpointId}" not found in mission "${missionId}"; see \`maestro checkpoint list\`` });
  const past = { seq: c.seq, domain: (await readStream(missionRef(requireWorkspace(ctx), missionId), { at: { vector: c.vector } })).state.domain };
  return runMissionCommand(ctx, missionId, { type: "RestoreCheckpoint", checkpointId, past });
};

/** Decides a command against the mission as it is now, writing nothing: for a use case that checks everything before it acts. */
export const checkMissionCommand = async (ctx: Ctx, missionId: string, cmd: MissionCommand): Promise<void> => {
  const { folded } = await loadMission(ctx, missionId);
  Either.getOrThrowWith(decideMission(folded.state, cmd), (e) => e);
};

/** Runs one mission command; returns the events it recorded and the state after them. */
export const runMissionCommand = async (ctx: Ctx, missionId: string, cmd: MissionCommand) => {
  const { ref } = (await loadMission(ctx, missionId));
  const r = await appendEvents(ref, (f) => decideMission(f.state, cmd), appendMetaOf(ctx));
  return { events: r.events, state: r.state, domain: r.state.domain! };
};

