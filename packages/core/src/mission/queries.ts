// Read-side views of a mission: ordered lists, progress, the active milestone.
import { streamCodec } from "../codec.js";
import type { StreamKind } from "../envelope.js";
import { draftMission, evolveMission, initialMissionState } from "./evolve.js";
import type { MissionEvent } from "./events.js";
import type { Assertion, Feature, Milestone, MissionDomain, MissionState } from "./state.js";

export const missionStream: StreamKind<MissionState, MissionEvent> = {
  name: "mission",
  stateVersion: 6,
  initial: initialMissionState,
  evolve: evolveMission,
  draft: draftMission,
  codec: streamCodec("mission", () => import("./events.js").then((m) => m.missionCodec)),
};

export const milestonesOf = (d: MissionDomain): Milestone[] => Object.values(d.milestones).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
export const featuresOf = (d: MissionDomain, filter: { milestone?: string; status?: string } = {}): Feature[] =>
  Object.values(d.features)
    .filter((f) => (!filter.milestone || f.milestoneId === filter.milestone) && (!filter.status || f.status === filter.status))
    .sort((a, b) => a.index - b.index);
export const assertionsOf = (d: MissionDomain, filter: { milestone?: string; feature?: string } = {}): Assertion[] =>
  Object.values(d.assertions)
    .filter((a) => (!filter.milestone || a.milestoneId === filter.milestone) && (!filter.feature || a.featureId === filter.feature))
    .sort((a, b) => a.index - b.index);

export interface Progress {
  readonly features: { readonly done: number; readonly total: number };
  readonly assertions: { readonly passed: number; readonly total: number };
  readonly milestones: { readonly sealed: number; readonly total: number };
}

export const progressOf = (d: MissionDomain): Progress => {
  const fs = Object.values(d.features);
  const as = Object.values(d.assertions);
  const ms = Object.values(d.milestones);
  return {
    features: { done: fs.filter((f) => f.status === "done").length, total: fs.length },
    assertions: { passed: as.filter((a) => a.status === "passed" || a.status === "waived").length, total: as.length },
    milestones: { sealed: ms.filter((m) => m.status === "sealed").length, total: ms.length },
  };
};

/** The first milestone by order that is not sealed. */
export const activeMilestoneOf = (d: MissionDomain): Milestone | undefined => milestonesOf(d).find((m) => m.status !== "sealed");

const ENDED = new Set(["rejected", "completed", "failed"]);
export const isMissionActive = (d: MissionDomain): boolean => !ENDED.has(d.mission.status);
