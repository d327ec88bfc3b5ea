import { Either } from "effect";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decideMission, missionStream, parsePlan, type MissionCommand, type MissionEvent, type MissionState } from "@maestro/core";
import { fixture, foldAll, spec } from "@maestro/testkit";

const plan = Either.getOrThrow(parsePlan(readFileSync(fixture("plans", "overview.json"), "utf8")));
const mission = spec<MissionState, MissionEvent, MissionCommand>(missionStream, decideMission);
const created: MissionEvent = { type: "MissionCreated", data: { missionId: "msn_1", title: plan.title, description: plan.description, milestones: plan.milestones, features: plan.features } };
const approved: MissionEvent = { type: "MissionStatusChanged", data: { from: "draft", to: "approved" } };
const planStarted: MissionEvent[] = [
  { type: "MissionStatusChanged", data: { from: "approved", to: "executing" } },
  { type: "MilestoneStatusChanged", data: { milestoneId: "plan", from: "pending", to: "executing" } },
  { type: "FeatureStatusChanged", data: { featureId: "auth-plan", from: "pending", to: "in-progress" } },
];
const planDone: MissionEvent[] = [
  ...planStarted,
  { type: "FeatureStatusChanged", data: { featureId: "auth-plan", from: "in-progress", to: "review" } },
  { type: "MilestoneSealed", data: { milestoneId: "plan", from: "executing" } },
];

describe("mission decide", () => {
  it("records a plan as one MissionCreated event", () => {
    mission.given([]).when({ type: "CreateMission", missionId: "msn_1", plan }).then([created]);
  });

  it("refuses to create a mission twice", () => {
    mission.given([created]).when({ type: "CreateMission", missionId: "msn_1", plan }).thenThrows("Conflict");
  });

  it("approves a draft, and refuses to approve twice naming what is allowed", () => {
    mission.given([created]).when({ type: "ChangeMissionStatus", action: "approve" }).then([approved]);
    mission.given([created, approved]).when({ type: "ChangeMissionStatus", action: "approve" }).thenThrows("InvalidInput", /is approved; allowed next: executing/);
  });

  it("starts the mission and the milestone with the first feature update, in one decision", () => {
    mission.given([created, approved]).when({ type: "UpdateFeature", featureId: "auth-plan", status: "in-progress" }).then(planStarted);
  });

  it("assigns a pending feature handed off, in the same write as the link, and refuses one that waits on a dependency", () => {
    const link: MissionEvent = { type: "FeatureHandedOff", data: { featureId: "auth-plan", handoffId: "hof_1", agent: "codex" } };
    const reason = "handed off to codex (hof_1)";
    mission
      .given([created, approved])
      .when({ type: "RecordHandoff", featureId: "auth-plan", handoffId: "hof_1", agent: "codex" })
      .then([link, planStarted[0]!, planStarted[1]!, { type: "FeatureStatusChanged", data: { featureId: "auth-plan", from: "pending", to: "assigned", reason } }]);
    // a feature already under way gets only the link
    mission.given([created, approved, ...planStarted]).when({ type: "RecordHandoff", featureId: "auth-plan", handoffId: "hof_1", agent: "codex" }).then([link]);
    mission.given([created, approved]).when({ type: "RecordHandoff", featureId: "auth-impl", handoffId: "hof_2", agent: "codex" }).thenThrows("InvalidInput", /depends on "auth-plan" \(pending\)/);
  });

  it("refuses to start work on a draft mission", () => {
    mission.given([created]).when({ type: "UpdateFeature", featureId: "auth-plan", status: "in-progress" }).thenThrows("InvalidInput", /is draft; approve it first/);
  });

  it("refuses to start a feature whose dependency is not done", () => {
    mission.given([created, approved]).when({ type: "UpdateFeature", featureId: "auth-impl", status: "in-progress" }).thenThrows("InvalidInput", /depends on "auth-plan" \(pending\)/);
  });

  it("refuses a transition the feature machine does not allow, naming the allowed ones", () => {
    mission.given([created, approved]).when({ type: "UpdateFeature", featureId: "auth-plan", status: "done" }).thenThrows("InvalidInput", /is pending; allowed next: assigned, in-progress/);
  });

  it("seals a milestone whose features are in review and marks them done", () => {
    mission
      .given([created, approved, ...planStarted, { type: "FeatureStatusChanged", data: { featureId: "auth-plan", from: "in-progress", to: "review" } }])
      .when({ type: "ChangeMilestone", milestoneId: "plan", action: "seal" })
      .then([{ type: "MilestoneSealed", data: { milestoneId: "plan", from: "executing" } }]);
  });

  it("refuses to seal while an assertion is pending, naming each offender", () => {
    const implStarted: MissionEvent[] = [
      { type: "MilestoneStatusChanged", data: { milestoneId: "implement", from: "pending", to: "executing" } },
      { type: "FeatureStatusChanged", data: { featureId: "auth-impl", from: "pending", to: "in-progress" } },
    ];
    mission
      .given([created, approved, ...planDone, ...implStarted])
      .when({ type: "ChangeMilestone", milestoneId: "implement", action: "seal" })
      .thenThrows("InvalidInput", /cannot seal milestone "implement": feature "auth-impl" is in-progress; assertion "auth-login-works" is pending/);
  });

  it("refuses an assertion update without evidence", () => {
    mission.given([created, approved]).when({ type: "UpdateAssertion", assertionId: "auth-login-works", result: "passed", evidence: "  " }).thenThrows("InvalidInput", /evidence/);
  });

  it("completes through validating, refusing while a milestone is open", () => {
    mission.given([created, approved, ...planDone]).when({ type: "ChangeMissionStatus", action: "complete" }).thenThrows("InvalidInput", /milestone "implement" is pending/);
  });

  it("names unknown ids as not found", () => {
    mission.given([created, approved]).when({ type: "UpdateFeature", featureId: "ghost", status: "in-progress" }).thenThrows("NotFound", /feature "ghost"/);
    mission.given([created]).when({ type: "ChangeMilestone", milestoneId: "ghost", action: "start" }).thenThrows("NotFound");
    mission.given([created]).when({ type: "RestoreCheckpoint", checkpointId: "ckp_x", undoId: "ckp_u", past: { seq: 1, domain: null } }).thenThrows("NotFound");
  });

  it("restores a checkpoint by recording the state at its seq, saving the state it replaces first", () => {
    const saved: MissionEvent = { type: "CheckpointSaved", data: { checkpointId: "ckp_1", seq: 2, label: "l", vector: { test: 2 } } };
    const domain = foldAll(missionStream, [created, approved]).domain!;
    mission
      .given([created, approved, saved, ...planStarted])
      .when({ type: "RestoreCheckpoint", checkpointId: "ckp_1", undoId: "ckp_u", past: { seq: 2, domain } })
      .then([
        { type: "CheckpointSaved", data: { checkpointId: "ckp_u", seq: 6, label: "before restoring ckp_1", vector: { test: 6 } } },
        { type: "CheckpointRestored", data: { checkpointId: "ckp_1", toSeq: 2, domain, saw: { test: 6 } } },
      ]);
    mission.given([created, approved, saved]).when({ type: "RestoreCheckpoint", checkpointId: "ckp_1", undoId: "ckp_u", past: { seq: 1, domain } }).thenThrows("InvalidInput", /state given for it is of seq 1/);
    // any point of history: it is saved as a checkpoint, then restored
    mission
      .given([created, approved, ...planStarted])
      .when({ type: "RestoreCheckpoint", checkpointId: "ckp_p", undoId: "ckp_u", past: { seq: 2, domain }, point: { vector: { test: 2 }, label: "state at 2" } })
      .then([
        { type: "CheckpointSaved", data: { checkpointId: "ckp_p", seq: 2, label: "state at 2", vector: { test: 2 } } },
        { type: "CheckpointSaved", data: { checkpointId: "ckp_u", seq: 5, label: "before restoring ckp_p", vector: { test: 5 } } },
        { type: "CheckpointRestored", data: { checkpointId: "ckp_p", toSeq: 2, domain, saw: { test: 5 } } },
      ]);
  });
});

describe("mission merges", () => {
  it("given two concurrent edits of the title, the last in fold order wins and the title it overwrote is listed", () => {
    mission.given([created]).when({ type: "UpdateMission", title: "Alice's title" }).then([{ type: "MissionUpdated", data: { title: "Alice's title", was: { title: plan.title } } }]);
    const s = foldAll(missionStream, [
      created,
      { type: "MissionUpdated", data: { title: "Alice's title", was: { title: plan.title } } },
      // bob's, written without having seen alice's
      { type: "MissionUpdated", data: { title: "Bob's title", was: { title: plan.title } } },
    ]);
    expect(s.domain!.mission.title).toBe("Bob's title");
    expect(s.conflicts.map((c) => [c.kind, c.subject, c.reason])).toEqual([["overwritten", "msn_1.title", `title "Alice's title" was overwritten by "Bob's title"; its writer had seen "${plan.title}"`]]);
  });
});
