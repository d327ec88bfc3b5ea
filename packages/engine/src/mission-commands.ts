// Mission use cases that write: each loads the mission's stream, decides, appends.
import * as Either from "effect/Either";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import { decodeCommand } from "@maestro/core/input-fields";
import { MissionCommand } from "@maestro/core/mission/commands";
import { decideMission } from "@maestro/core/mission/decide";
import { WORKFLOW_NAMES, userWorkflowMilestones, workflowMilestones } from "@maestro/core/mission/workflows";
import { parsePlan, type Workflow } from "@maestro/core/plan";
import { appendEvents } from "@maestro/store/append";
import { readStream } from "@maestro/store/stream";
import type { MissionDomain } from "@maestro/core/mission/state";
import type { At } from "./at.js";
import { loadConfig } from "./config.js";
import { appendMetaOf, type Ctx } from "./context.js";
import { existingMissionRef, loadMission, missionRef } from "./missions.js";
import { requireWorkspace } from "./workspace.js";

/** The template `--workflow` names: a built-in one, else the user's `workflows.<name>` from config. */
const workflowOf = async (ctx: Ctx, name: string): Promise<Workflow> => {
  const builtIn = workflowMilestones(name);
  if (builtIn) return { name, milestones: builtIn };
  const config = await loadConfig(ctx);
  const own = config[`workflows.${name}`];
  if (own) return { name, milestones: userWorkflowMilestones(own.value as Parameters<typeof userWorkflowMilestones>[0]) };
  const mine = Object.keys(config).filter((k) => k.startsWith("workflows.")).map((k) => k.slice("workflows.".length));
  throw new InvalidInput({ condition: "InvalidValue", message: `--workflow must be one of ${[...WORKFLOW_NAMES, ...mine].join(", ")} (or a template of yours: config workflows.<name>), got ${JSON.stringify(name)}` });
};

export const createMission = async (ctx: Ctx, planText: string, source: string, workflow?: string) => {
  const plan = Either.getOrThrowWith(parsePlan(planText, source, workflow === undefined ? undefined : await workflowOf(ctx, workflow)), (e) => e);
  const ws = requireWorkspace(ctx);
  const missionId = ctx.newId("mission");
  const ref = missionRef(ws, missionId);
  const r = await appendEvents(ref, (f) => decideMission(f.state, { type: "CreateMission", missionId, plan }), appendMetaOf(ctx));
  return r.state.domain!;
};

/** What a restore would change: each status that differs between now and the point restored. */
const changesBetween = (now: MissionDomain, then: MissionDomain): string[] => {
  const out: string[] = [];
  if (now.mission.status !== then.mission.status) out.push(`mission: ${now.mission.status} -> ${then.mission.status}`);
  const each = <T extends { id: string; status: string }>(what: string, a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>) => {
    for (const x of Object.values(a)) {
      const y = Object.hasOwn(b, x.id) ? b[x.id] : undefined;
      if (y && y.status !== x.status) out.push(`${what} ${x.id}: ${x.status} -> ${y.status}`);
    }
  };
  each("milestone", now.milestones, then.milestones);
  each("feature", now.features, then.features);
  each("assertion", now.assertions, then.assertions);
  return out;
};

/**
 * Restores a checkpoint, or any point of the mission's history (`at`: a seq, an event id or a
 * time). The state it brings back is folded from history at a version vector, which no merge
 * moves. It first saves the state it replaces as a checkpoint (the undo); `dryRun` only says
 * what would change.
 */
export const restoreCheckpoint = async (ctx: Ctx, missionId: string, target: { readonly id: string } | { readonly at: At }, o: { readonly dryRun?: boolean } = {}) => {
  const { folded, ref, domain: now } = await loadMission(ctx, missionId);
  let vector: Readonly<Record<string, number>>;
  let label: string | undefined;
  let checkpointId: string;
  if ("id" in target) {
    const c = folded.state.checkpoints.find((x) => x.id === target.id);
    if (!c) throw new NotFound({ condition: "CheckpointNotFound", message: `checkpoint "${target.id}" not found in mission "${missionId}"; see \`maestro checkpoint list\`` });
    vector = c.vector;
    checkpointId = c.id;
  } else {
    // (the point is checked as every read checks it: past the last event is refused)
    const { folded: at } = await loadMission(ctx, missionId, { at: target.at }).catch((e: unknown) => {
      if (e instanceof NotFound && e.condition === "MissionNotFound") throw new InvalidInput({ condition: "InvalidValue", message: `--at ${target.at} is before the mission's first event` });
      throw e;
    });
    vector = at.state.frontier;
    label = `state at ${target.at}`;
    checkpointId = ctx.newId("checkpoint");
  }
  const past = await readStream(ref, { at: { vector } });
  if (!past.state.domain) throw new InvalidInput({ condition: "InvalidValue", message: `mission "${missionId}" did not exist yet at that point` });
  const changes = changesBetween(now, past.state.domain);
  const wasCompleted = now.mission.status === "completed";
  if (o.dryRun) return { dryRun: true as const, changes, wasCompleted, undoId: null, events: [], domain: now };
  const undoId = ctx.newId("checkpoint");
  const r = await runMissionCommand(ctx, missionId, {
    type: "RestoreCheckpoint",
    checkpointId,
    undoId,
    past: { seq: past.seq, domain: past.state.domain },
    ...(label ? { point: { vector, label } } : {}),
  });
  return { dryRun: false as const, changes, wasCompleted, undoId, ...r };
};

/** Decides a command against the mission as it is now, writing nothing: for a use case that checks everything before it acts. */
export const checkMissionCommand = async (ctx: Ctx, missionId: string, cmd: MissionCommand): Promise<void> => {
  const { folded } = await loadMission(ctx, missionId);
  Either.getOrThrowWith(decideMission(folded.state, decodeCommand(MissionCommand, cmd)), (e) => e);
};

/**
 * Runs one mission command, decoded first (whichever app built it, its fields keep their
 * limits); returns the events it recorded and the state after them.
 */
export const runMissionCommand = async (ctx: Ctx, missionId: string, input: MissionCommand) => {
  const cmd = decodeCommand(MissionCommand, input);
  // (the append folds the mission: loading it first would fold it twice)
  const r = await appendEvents(existingMissionRef(ctx, missionId), (f) => decideMission(f.state, cmd), appendMetaOf(ctx));
  return { events: r.events, state: r.state, domain: r.state.domain! };
};

