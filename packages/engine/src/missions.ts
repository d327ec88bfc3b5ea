// A workspace's mission streams: the reads (load one as of `at`, list and resolve them) and the
// writes (create, run a command, restore a checkpoint). What only a write needs (the command's
// Schema, decide, plans, the appender) is loaded by the first write (`writing`), so a read never
// evaluates it.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as Either from "effect/Either";
import type { Recorded } from "@maestro/core/envelope";
import { CorruptStore, InvalidInput, NotFound } from "@maestro/core/errors";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import type { MissionCommand } from "@maestro/core/mission/commands";
import type { MissionEvent } from "@maestro/core/mission/events";
import { isMissionActive, missionStream } from "@maestro/core/mission/queries";
import type { MissionDomain, MissionState } from "@maestro/core/mission/state";
import type { Workflow } from "@maestro/core/plan";
import { streamExists } from "@maestro/store/segments";
import { readStream, tailEvents, type Folded, type FoldLimit, type StreamRef } from "@maestro/store/stream";
import { streamPaths, workspaceStream, type Workspace } from "@maestro/store/workspace";
import { limitOf, timeOnly, type At } from "./at.js";
import type { Ctx } from "./context.js";
import { currentFold } from "./reads.js";
import { requireWorkspace } from "./workspace.js";

export type MissionRef = StreamRef<MissionState, MissionEvent>;

/** What a write needs and a read does not, loaded once by the first write. */
const writing = async () => {
  const [input, commands, decide, append, context] = await Promise.all([
    import("@maestro/core/input-fields"),
    import("@maestro/core/mission/commands"),
    import("@maestro/core/mission/decide"),
    import("@maestro/store/append"),
    import("./context.js"),
  ]);
  return { decodeCommand: input.decodeCommand, MissionCommand: commands.MissionCommand, decideMission: decide.decideMission, appendEvents: append.appendEvents, appendMetaOf: context.appendMetaOf };
};

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

/** The template `--workflow` names: a built-in one, else the user's `workflows.<name>` from config. */
const workflowOf = async (ctx: Ctx, name: string): Promise<Workflow> => {
  const { WORKFLOW_NAMES, userWorkflowMilestones, workflowMilestones } = await import("@maestro/core/mission/workflows");
  const builtIn = workflowMilestones(name);
  if (builtIn) return { name, milestones: builtIn };
  const config = await (await import("./config.js")).loadConfig(ctx);
  const own = config[`workflows.${name}`];
  if (own) return { name, milestones: userWorkflowMilestones(own.value as Parameters<typeof userWorkflowMilestones>[0]) };
  const mine = Object.keys(config).filter((k) => k.startsWith("workflows.")).map((k) => k.slice("workflows.".length));
  throw new InvalidInput({ condition: "InvalidValue", message: `--workflow must be one of ${[...WORKFLOW_NAMES, ...mine].join(", ")} (or a template of yours: config workflows.<name>), got ${JSON.stringify(name)}` });
};

export const createMission = async (ctx: Ctx, planText: string, source: string, workflow?: string) => {
  const { parsePlan } = await import("@maestro/core/plan");
  const { appendEvents, appendMetaOf, decideMission } = await writing();
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
  const { decodeCommand, MissionCommand, decideMission } = await writing();
  const { folded } = await loadMission(ctx, missionId);
  Either.getOrThrowWith(decideMission(folded.state, decodeCommand(MissionCommand, cmd)), (e) => e);
};

/**
 * Runs one mission command, decoded first (whichever app built it, its fields keep their
 * limits); returns the events it recorded and the state after them.
 */
export const runMissionCommand = async (ctx: Ctx, missionId: string, input: MissionCommand) => {
  const { decodeCommand, MissionCommand, decideMission, appendEvents, appendMetaOf } = await writing();
  const cmd = decodeCommand(MissionCommand, input);
  // (the append folds the mission: loading it first would fold it twice)
  const r = await appendEvents(existingMissionRef(ctx, missionId), (f) => decideMission(f.state, cmd), appendMetaOf(ctx));
  return { events: r.events, state: r.state, domain: r.state.domain! };
};

