// Every event of a mission stream, declared once. These schemas decode log lines, encode new
// ones and generate the log-format docs. A plan is recorded whole by MissionCreated; evolve
// derives milestones, features and assertions from it.
import * as Schema from "effect/Schema";
import type { EventOf } from "../envelope.js";
import { makeCodec } from "../schema-codec.js";
import { PlanFeature, PlanMilestone } from "../plan.js";
import { GateVerdictSchema, ReplyOutcome, ReplyReport } from "./reply.js";
import { AssertionResult, AssertionStatus, FeatureStatus, MilestoneStatus, MissionDomain, MissionStatus } from "./state.js";

const optionalReason = Schema.optional(Schema.String);

export const MissionEventDefs = {
  MissionCreated: {
    v: 1,
    data: Schema.Struct({
      missionId: Schema.String,
      title: Schema.String,
      description: Schema.String,
      proposal: Schema.optional(Schema.String),
      milestones: Schema.Array(PlanMilestone),
      features: Schema.Array(PlanFeature),
    }),
  },
  MissionStatusChanged: {
    v: 1,
    data: Schema.Struct({ from: MissionStatus, to: MissionStatus, reason: optionalReason }),
  },
  MilestoneStatusChanged: {
    v: 1,
    data: Schema.Struct({ milestoneId: Schema.String, from: MilestoneStatus, to: MilestoneStatus }),
  },
  /** Sealing also marks the milestone's features in review as done (derived by evolve). */
  MilestoneSealed: {
    v: 1,
    data: Schema.Struct({ milestoneId: Schema.String, from: MilestoneStatus }),
  },
  FeatureStatusChanged: {
    v: 1,
    data: Schema.Struct({ featureId: Schema.String, from: FeatureStatus, to: FeatureStatus, reason: optionalReason }),
  },
  AssertionUpdated: {
    v: 1,
    data: Schema.Struct({ assertionId: Schema.String, from: AssertionStatus, to: AssertionResult, evidence: Schema.String }),
  },
  /** `vector`: the version vector (see envelope.ts) of what the mission's state at the checkpoint is the fold of */
  CheckpointSaved: {
    v: 2,
    data: Schema.Struct({ checkpointId: Schema.String, seq: Schema.Int, label: Schema.String, vector: Schema.Record({ key: Schema.String, value: Schema.Int }) }),
    // v1 was written to the one events.jsonl of a mission from before segments
    upcast: { 1: (d: unknown) => ({ ...(d as object), vector: { "events.jsonl": (d as { seq: number }).seq } }) },
  },
  /**
   * From this event on, the mission's state equals its state at `toSeq`, which the event
   * carries, so evolve stays a plain fold and no state has to keep every checkpoint's copy.
   */
  CheckpointRestored: {
    v: 3,
    data: Schema.Struct({
      checkpointId: Schema.String,
      toSeq: Schema.Int,
      domain: MissionDomain,
      /** the version vector (see envelope.ts) of what the restoring writer had folded: anything else folded before it was concurrent, and is undone */
      saw: Schema.NullOr(Schema.Record({ key: Schema.String, value: Schema.Int })),
    }),
    // (v2's saw was keyed by segment: what it saw can no longer be compared with a frontier keyed by replica)
    upcast: { 1: (d: unknown) => ({ ...(d as object), saw: null }), 2: (d: unknown) => ({ ...(d as object), saw: null }) },
  },
  /** `feature prompt` rendered a brief for the feature and stored it at `path` */
  PromptIssued: {
    v: 1,
    data: Schema.Struct({ featureId: Schema.String, path: Schema.String, sha256: Schema.String }),
  },
  /**
   * An agent's reply with its gate verdicts. `outcome` is what was asked, `result` what it
   * became (a completed reply is kicked back when a gate or a fulfilled assertion fails); the
   * feature transitions it causes follow in the same write.
   */
  ReplyRecorded: {
    v: 1,
    data: Schema.Struct({
      replyId: Schema.String,
      featureId: Schema.String,
      outcome: ReplyOutcome,
      result: ReplyOutcome,
      reason: Schema.NullOr(Schema.String),
      notes: Schema.NullOr(Schema.String),
      handoffId: Schema.NullOr(Schema.String),
      report: ReplyReport,
      verdicts: Schema.Array(GateVerdictSchema),
      advisories: Schema.Array(Schema.String),
    }),
  },
  /** `bundle import --as` brought this mission in under a new id */
  /** the plan's words, edited after create: only the fields given */
  MissionUpdated: {
    v: 2,
    data: Schema.Struct({
      title: Schema.optional(Schema.String),
      description: Schema.optional(Schema.String),
      proposal: Schema.optional(Schema.String),
      /** the words it replaced, as its writer saw them (absent before v2) */
      was: Schema.optional(Schema.Struct({ title: Schema.optional(Schema.String), description: Schema.optional(Schema.String), proposal: Schema.optional(Schema.String) })),
    }),
    upcast: { 1: (d: unknown) => d },
  },
  MissionRenamed: {
    v: 1,
    data: Schema.Struct({ from: Schema.String, to: Schema.String }),
  },
  /** merge conflicts seen and settled by whoever records this (`log settle`): no longer counted as open */
  ConflictsSettled: { v: 1, data: Schema.Struct({ ids: Schema.Array(Schema.String), note: Schema.NullOr(Schema.String) }) },
  /** a handoff was launched for the feature; it moves nothing, it is the feature's history */
  FeatureHandedOff: {
    v: 1,
    data: Schema.Struct({ featureId: Schema.String, handoffId: Schema.String, agent: Schema.String }),
  },
} as const;

export type MissionEvent = EventOf<typeof MissionEventDefs>;
export const missionCodec = makeCodec("mission", MissionEventDefs);
