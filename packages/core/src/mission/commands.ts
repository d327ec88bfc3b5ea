// The commands of a mission stream, declared once as Schemas: the engine decodes each command
// with them before `decide` sees it. What arrives already decoded by its own Schema (a plan, an
// agent's report, the principles and past states the engine reads) is taken as it is.
import * as Schema from "effect/Schema";
import { FreeText, OneLine, Optional, Required } from "../input-fields.js";
import type { Plan } from "../plan.js";
import type { Principle } from "../principles/events.js";
import type { ReplyReport } from "./reply.js";
import type { MissionDomain } from "./state.js";
import { ASSERTION_RESULTS, FEATURE_STATUSES, REPLY_OUTCOMES } from "./statuses.js";

/** a value some other Schema decoded already, or the engine made */
const given = <A>() => Schema.declare((_: unknown): _ is A => true);

export const MISSION_ACTIONS = ["approve", "reject", "start", "pause", "resume", "complete", "fail"] as const;
export const MILESTONE_ACTIONS = ["start", "validate", "seal"] as const;
export type MissionAction = (typeof MISSION_ACTIONS)[number];
export type MilestoneAction = (typeof MILESTONE_ACTIONS)[number];

const Id = OneLine("an id");

export const MissionCommand = Schema.Union(
  Schema.Struct({ type: Schema.Literal("CreateMission"), missionId: Id, plan: given<Plan>() }),
  Schema.Struct({ type: Schema.Literal("ChangeMissionStatus"), action: Schema.Literal(...MISSION_ACTIONS), reason: Optional(FreeText("--reason")) }),
  Schema.Struct({ type: Schema.Literal("ChangeMilestone"), milestoneId: Id, action: Schema.Literal(...MILESTONE_ACTIONS) }),
  Schema.Struct({ type: Schema.Literal("UpdateFeature"), featureId: Id, status: Schema.Literal(...FEATURE_STATUSES), reason: Optional(FreeText("--reason")) }),
  Schema.Struct({ type: Schema.Literal("UpdateAssertion"), assertionId: Id, result: Schema.Literal(...ASSERTION_RESULTS), evidence: FreeText("--evidence") }),
  Schema.Struct({ type: Schema.Literal("SaveCheckpoint"), checkpointId: Id, label: Optional(OneLine("--label")) }),
  Schema.Struct({
    type: Schema.Literal("RecordReply"),
    replyId: Id,
    featureId: Id,
    outcome: Schema.Literal(...REPLY_OUTCOMES),
    report: given<ReplyReport>(),
    notes: Optional(FreeText("--notes")),
    handoffId: Optional(Id),
    /** the principles of the feature's milestone profile (the engine reads them) */
    principles: given<readonly Principle[]>(),
    /** the files the reply's run changed (the engine asks git), judged against the feature's scope */
    changed: Optional(given<readonly string[]>()),
  }),
  Schema.Struct({ type: Schema.Literal("Rename"), to: Id }),
  Schema.Struct({ type: Schema.Literal("UpdateMission"), title: Optional(Required("--title")), description: Optional(FreeText("--description")), proposal: Optional(FreeText("--proposal")) }),
  Schema.Struct({ type: Schema.Literal("RecordPrompt"), featureId: Id, path: Schema.String, sha256: Schema.String }),
  Schema.Struct({ type: Schema.Literal("RecordHandoff"), featureId: Id, handoffId: Id, agent: Id }),
  /** a run handed the feature was cancelled: a feature it assigned goes back to pending */
  Schema.Struct({ type: Schema.Literal("ReturnFeature"), featureId: Id, handoffId: Id }),
  Schema.Struct({ type: Schema.Literal("SettleConflicts"), ids: Schema.Array(OneLine("a conflict id")), note: Optional(FreeText("--note")) }),
  /**
   * `past` is the mission as history shows it at the checkpoint (the engine folds it). The state
   * it replaces is saved first as checkpoint `undoId`, so a restore can be undone. With `point`,
   * the restore is to any point of history: that point is saved as a checkpoint first.
   */
  Schema.Struct({
    type: Schema.Literal("RestoreCheckpoint"),
    checkpointId: Id,
    undoId: Id,
    past: given<{ readonly seq: number; readonly domain: MissionDomain | null }>(),
    point: Optional(given<{ readonly vector: Readonly<Record<string, number>>; readonly label: string }>()),
  }),
);
export type MissionCommand = typeof MissionCommand.Type;
