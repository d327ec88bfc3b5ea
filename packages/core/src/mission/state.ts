// The folded state of one mission stream. The domain part is declared as a Schema because a
// CheckpointRestored event carries it; the rest is plain JSON data (records, arrays,
// strings) so a snapshot cache can store it as is.
import * as Schema from "effect/Schema";
import type { MergeConflict } from "../conflicts.js";
import { MilestoneKind, ScopeSchema } from "../plan.js";
import { ASSERTION_RESULTS, ASSERTION_STATUSES, FEATURE_STATUSES, MILESTONE_STATUSES, MISSION_STATUSES } from "./statuses.js";

export const MissionStatus = Schema.Literal(...MISSION_STATUSES);
export type MissionStatus = typeof MissionStatus.Type;
export const MilestoneStatus = Schema.Literal(...MILESTONE_STATUSES);
export type MilestoneStatus = typeof MilestoneStatus.Type;
export const FeatureStatus = Schema.Literal(...FEATURE_STATUSES);
export type FeatureStatus = typeof FeatureStatus.Type;
export const AssertionStatus = Schema.Literal(...ASSERTION_STATUSES);
export type AssertionStatus = typeof AssertionStatus.Type;
export const AssertionResult = Schema.Literal(...ASSERTION_RESULTS);
export type AssertionResult = typeof AssertionResult.Type;

export const Mission = Schema.Struct({
  id: Schema.String,
  title: Schema.String,
  description: Schema.String,
  proposal: Schema.optional(Schema.String),
  status: MissionStatus,
  createdAt: Schema.String,
  createdBy: Schema.String,
  updatedAt: Schema.String,
});
export type Mission = typeof Mission.Type;

export const Milestone = Schema.Struct({
  id: Schema.String,
  title: Schema.String,
  description: Schema.String,
  order: Schema.Number,
  kind: MilestoneKind,
  profile: Schema.String,
  status: MilestoneStatus,
  updatedAt: Schema.String,
});
export type Milestone = typeof Milestone.Type;

export const Feature = Schema.Struct({
  id: Schema.String,
  /** position in the plan, for stable listing */
  index: Schema.Number,
  milestoneId: Schema.String,
  title: Schema.String,
  description: Schema.String,
  agentType: Schema.String,
  verificationSteps: Schema.Array(Schema.String),
  dependsOn: Schema.Array(Schema.String),
  fulfills: Schema.Array(Schema.String),
  preconditions: Schema.optional(Schema.Array(Schema.String)),
  expectedBehavior: Schema.optional(Schema.String),
  scope: Schema.optional(ScopeSchema),
  doneWhen: Schema.optional(Schema.Array(Schema.String)),
  status: FeatureStatus,
  reason: Schema.NullOr(Schema.String),
  updatedAt: Schema.String,
  updatedBy: Schema.String,
});
export type Feature = typeof Feature.Type;

export const Assertion = Schema.Struct({
  id: Schema.String,
  index: Schema.Number,
  featureId: Schema.String,
  milestoneId: Schema.String,
  status: AssertionStatus,
  evidence: Schema.NullOr(Schema.String),
  updatedAt: Schema.String,
  updatedBy: Schema.String,
});
export type Assertion = typeof Assertion.Type;

export const MissionDomain = Schema.Struct({
  mission: Mission,
  milestones: Schema.Record({ key: Schema.String, value: Milestone }),
  features: Schema.Record({ key: Schema.String, value: Feature }),
  assertions: Schema.Record({ key: Schema.String, value: Assertion }),
});
export type MissionDomain = typeof MissionDomain.Type;

export interface Checkpoint {
  readonly id: string;
  /** the seq it was saved at (a position in fold order, which a merge can shift) */
  readonly seq: number;
  /** per segment, the lines the state it brings back is the fold of: a merge never moves it */
  readonly vector: Readonly<Record<string, number>>;
  readonly label: string;
  readonly savedAt: string;
  readonly savedBy: string;
  /** seq of the CheckpointSaved event itself */
  readonly eventSeq: number;
}

export interface MissionState {
  /** last folded seq (0 = empty stream) */
  readonly seq: number;
  readonly domain: MissionDomain | null;
  readonly checkpoints: readonly Checkpoint[];
  readonly restores: readonly { readonly checkpointId: string; readonly toSeq: number; readonly seq: number; readonly at: string }[];
  /** gate verdicts of every reply, per principle: what `principle stats` sums without rereading logs */
  readonly verdicts: Readonly<Record<string, { readonly passed: number; readonly failed: number }>>;
  /** the version vector of what is folded (see envelope.ts: per replica its highest clock) */
  readonly frontier: Readonly<Record<string, number>>;
  /** events a merge made inapplicable, kept in the log and skipped (and values it overwrote) */
  readonly conflicts: readonly MergeConflict[];
  /** conflicts seen and settled (`log settle`), by id: who settled them */
  readonly settled: Readonly<Record<string, string>>;
}
