// The folded state of one mission stream. Plain JSON data (records, arrays, strings) so a
// snapshot cache can store it as is. `domain` is what checkpoints capture and restore.
import type { AssertionStatus, FeatureStatus, MilestoneStatus, MissionStatus } from "./events.js";

export interface Mission {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly status: MissionStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

export interface Milestone {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly order: number;
  readonly kind: "work" | "gate";
  readonly profile: string;
  readonly status: MilestoneStatus;
  readonly updatedAt: string;
}

export interface Feature {
  readonly id: string;
  /** position in the plan, for stable listing */
  readonly index: number;
  readonly milestoneId: string;
  readonly title: string;
  readonly description: string;
  readonly agentType: string;
  readonly verificationSteps: readonly string[];
  readonly dependsOn: readonly string[];
  readonly fulfills: readonly string[];
  readonly status: FeatureStatus;
  readonly reason: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface Assertion {
  readonly id: string;
  readonly index: number;
  readonly featureId: string;
  readonly milestoneId: string;
  readonly status: AssertionStatus;
  readonly evidence: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface MissionDomain {
  readonly mission: Mission;
  readonly milestones: Readonly<Record<string, Milestone>>;
  readonly features: Readonly<Record<string, Feature>>;
  readonly assertions: Readonly<Record<string, Assertion>>;
}

export interface Checkpoint {
  readonly id: string;
  /** the mission's state at this seq is what a restore brings back */
  readonly seq: number;
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
  /** the domain as each checkpoint captured it, so restore stays a pure fold */
  readonly snapshots: Readonly<Record<string, MissionDomain>>;
  readonly restores: readonly { readonly checkpointId: string; readonly toSeq: number; readonly seq: number; readonly at: string }[];
}

export const initialMissionState: MissionState = { seq: 0, domain: null, checkpoints: [], snapshots: {}, restores: [] };
