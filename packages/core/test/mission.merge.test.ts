// How a merge resolves concurrent mission commands, as a property: three clones decide mission,
// milestone, feature, assertion, checkpoint and reply commands against their own view and pull
// from each other at random; merged in fold order, every clone agrees, the state is that of a
// serial history in which every applied status event met the status its writer saw (or its
// target), and what the merge skipped is exactly what it lists as conflicts.
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AssertionResult, DEFAULT_PRINCIPLES, decideMission, FeatureStatus, missionStream, parsePlan, vectorHolds, type MissionCommand, type MissionEvent, type MissionState, type Recorded, type ReplyReport } from "@maestro/core";
import { cloneSteps, clonesOf, type Clone } from "@maestro/testkit";

const plan = Either.getOrThrow(
  parsePlan(
    JSON.stringify({
      title: "Merge plan",
      milestones: [
        { id: "m1", title: "One", order: 0 },
        { id: "m2", title: "Two", order: 1 },
      ],
      features: [
        { id: "f1", milestoneId: "m1", title: "F1", fulfills: ["a1"] },
        { id: "f2", milestoneId: "m1", title: "F2" },
        { id: "f3", milestoneId: "m2", title: "F3", dependsOn: ["f1"], fulfills: ["a3"] },
      ],
    }),
  ),
);

/** As the engine runs a restore: the state it brings back is the clone's history folded at the checkpoint's vector. */
const decideInClone = (s: MissionState, cmd: MissionCommand, lines: readonly Recorded<MissionEvent>[]): ReturnType<typeof decideMission> => {
  const c = cmd.type === "RestoreCheckpoint" ? s.checkpoints.find((x) => x.id === cmd.checkpointId) : undefined;
  if (!c) return decideMission(s, cmd);
  const past: MissionState = fold(lines.filter((e) => vectorHolds(c.vector, e.segment, e.pos, e.clock)));
  return decideMission(s, { ...cmd, undoId: `undo-${s.seq}-${lines.length}`, past: { seq: past.seq, domain: past.domain } } as MissionCommand);
};
const { fold, run, merge } = clonesOf(missionStream, decideInClone);
const base = (): Recorded<MissionEvent>[] => {
  const c: Clone<MissionEvent> = { name: "base", events: [] };
  run(c, { type: "CreateMission", missionId: "msn_m", plan });
  run(c, { type: "ChangeMissionStatus", action: "approve" });
  run(c, { type: "ChangeMilestone", milestoneId: "m1", action: "start" });
  return c.events;
};

const report = (ok: boolean): ReplyReport => ({
  salientSummary: "s",
  whatWasImplemented: "",
  whatWasLeftUndone: "",
  assumptions: ["a"],
  scopeDeclaration: { f: "x" },
  verification: { commandsRun: [], interactiveChecks: [] },
  verificationResults: [{ check: "t", passed: ok }],
  tests: { added: [] },
  discoveredIssues: [],
});
let replies = 0;
const reply = (featureId: string, ok: boolean): MissionCommand => ({ type: "RecordReply", featureId, replyId: `rpl_${replies++}`, outcome: ok ? "completed" : "kicked-back", report: report(ok), principles: [...DEFAULT_PRINCIPLES] });

const command: fc.Arbitrary<MissionCommand> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.constantFrom("f1", "f2", "f3"), fc.constantFrom(...FeatureStatus.literals)).map(([featureId, status]): MissionCommand => ({ type: "UpdateFeature", featureId, status, reason: "r" })) },
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom("f1", "f2", "f3"), fc.boolean()).map(([f, ok]) => reply(f, ok)) },
  fc.constantFrom("start", "pause", "resume", "complete", "fail").map((action): MissionCommand => ({ type: "ChangeMissionStatus", action })),
  fc.tuple(fc.constantFrom("m1", "m2"), fc.constantFrom("start", "validate", "seal") as fc.Arbitrary<"start" | "validate" | "seal">).map(([milestoneId, action]): MissionCommand => ({ type: "ChangeMilestone", milestoneId, action })),
  fc.tuple(fc.constantFrom("a1", "a3"), fc.constantFrom(...AssertionResult.literals)).map(([assertionId, result]): MissionCommand => ({ type: "UpdateAssertion", assertionId, result, evidence: result })),
  fc.constantFrom("c1", "c2").map((checkpointId): MissionCommand => ({ type: "SaveCheckpoint", checkpointId })),
  fc.constantFrom("c1", "c2").map((checkpointId): MissionCommand => ({ type: "RestoreCheckpoint", checkpointId, undoId: "", past: { seq: 0, domain: null } })),
  fc.constantFrom("draft", "done").map((v): MissionCommand => ({ type: "UpdateMission", title: v })),
);
const steps = cloneSteps(() => command, { minLength: 10, maxLength: 60, commandWeight: 6 });

/** The status a status event moves its entity to, and the entity's status in a state. */
const moveOf = (e: MissionEvent): { key: string; from: string | null; to: string } | undefined => {
  switch (e.type) {
    case "MissionStatusChanged":
      return { key: "mission", from: e.data.from, to: e.data.to };
    case "MilestoneStatusChanged":
      return { key: `m:${e.data.milestoneId}`, from: e.data.from, to: e.data.to };
    case "MilestoneSealed":
      return { key: `m:${e.data.milestoneId}`, from: e.data.from, to: "sealed" };
    case "FeatureStatusChanged":
      return { key: `f:${e.data.featureId}`, from: e.data.from, to: e.data.to };
    default:
      return undefined;
  }
};
const statusOf = (s: MissionState, key: string) => {
  const d = s.domain!;
  return key === "mission" ? d.mission.status : key.startsWith("m:") ? d.milestones[key.slice(2)]!.status : d.features[key.slice(2)]!.status;
};

describe("merging three clones' mission commands", () => {
  it("gives the state of a serial history in which every applied move met its writer's status, with exactly the skipped events listed; every clone agrees", () => {
    let moves = 0;
    let conflicts = 0;
    fc.assert(
      fc.property(steps, (plan) => {
        const { state: m, otherOrder, skipped, applied, serial } = merge(plan, base);
        expect(otherOrder).toEqual(m);
        conflicts += skipped.size;
        expect(serial.conflicts.filter((c) => c.kind === "skipped")).toEqual([]);
        expect(serial.domain).toEqual(m.domain);
        applied.forEach((e, i) => {
          const mv = moveOf(e);
          if (!mv) return;
          moves++;
          const current = statusOf(fold(applied.slice(0, i)), mv.key);
          expect([e.id, current === mv.from || current === mv.to]).toEqual([e.id, true]);
        });
      }),
      { numRuns: 200 },
    );
    // (the walks reach the rules: a property over no moves, or no concurrent ones, would prove nothing)
    expect(moves).toBeGreaterThan(500);
    expect(conflicts).toBeGreaterThan(20);
  });
});
