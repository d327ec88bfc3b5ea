import { Either } from "effect";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  AssertionResult,
  FeatureStatus,
  decideMission,
  foldEvents,
  missionStream,
  parsePlan,
  type MissionAction,
  type MissionCommand,
  type MissionEvent,
  type MissionState,
  type Recorded,
} from "@maestro/core";
import { deepFreeze, fixture, record } from "@maestro/testkit";

const plan = Either.getOrThrow(
  parsePlan(
    JSON.stringify({
      title: "Property plan",
      milestones: [
        { id: "m1", title: "One", order: 0 },
        { id: "m2", title: "Two", order: 1, kind: "gate", profile: "validation" },
      ],
      features: [
        { id: "f1", milestoneId: "m1", title: "F1", fulfills: ["a1"] },
        { id: "f2", milestoneId: "m1", title: "F2", dependsOn: ["f1"] },
        { id: "f3", milestoneId: "m2", title: "F3", dependsOn: ["f2"], fulfills: ["a3", "a3b"] },
        { id: "f4", milestoneId: "m2", title: "F4" },
      ],
    }),
  ),
);
// keep the overview plan honest too
Either.getOrThrow(parsePlan(readFileSync(fixture("plans", "overview.json"), "utf8")));

const missionActions: MissionAction[] = ["approve", "reject", "start", "pause", "resume", "complete", "fail"];
/** Every command this plan can be given; decide tells which are enabled in a state. */
const candidates: MissionCommand[] = [
  ...["f1", "f2", "f3", "f4"].flatMap((featureId) => FeatureStatus.literals.map((status) => ({ type: "UpdateFeature" as const, featureId, status }))),
  ...missionActions.map((action) => ({ type: "ChangeMissionStatus" as const, action })),
  ...["m1", "m2"].flatMap((milestoneId) => (["start", "validate", "seal"] as const).map((action) => ({ type: "ChangeMilestone" as const, milestoneId, action }))),
  ...["a1", "a3", "a3b"].flatMap((assertionId) => AssertionResult.literals.map((result) => ({ type: "UpdateAssertion" as const, assertionId, result, evidence: "ran it" }))),
  ...["c1", "c2", "c3"].flatMap((checkpointId) => [{ type: "SaveCheckpoint" as const, checkpointId }, { type: "RestoreCheckpoint" as const, checkpointId, undoId: "", past: { seq: 0, domain: null } }]),
];
// ending the mission early is left to the wild picks, so walks get far enough to seal and complete
const ENDINGS = new Set(["fail", "reject"]);
const enabled = (s: MissionState) =>
  candidates.filter(
    (c) =>
      !(c.type === "ChangeMissionStatus" && ENDINGS.has(c.action)) &&
      (c.type === "RestoreCheckpoint" ? s.checkpoints.some((x) => x.id === c.checkpointId) : Either.isRight(decideMission(s, c))),
  );

/** A walk: each step picks one enabled command, or (1 in 8) any command, which may be refused. */
const walk = fc.array(fc.tuple(fc.nat(), fc.nat(7)), { minLength: 20, maxLength: 250 });
const toCommands = (steps: readonly (readonly [number, number])[]) => (state: MissionState) => (i: number) => {
  const [pick, wild] = steps[i]!;
  if (wild === 0) return candidates[pick % candidates.length]!;
  // forward moves are likelier than setbacks, so walks reach sealed milestones and completion
  const pool = enabled(state).flatMap((c) => Array<MissionCommand>(isSetback(c) ? 1 : 8).fill(c));
  return pool[pick % pool.length]!;
};
const isSetback = (c: MissionCommand) =>
  c.type === "RestoreCheckpoint" ||
  c.type === "SaveCheckpoint" ||
  (c.type === "ChangeMissionStatus" && c.action === "pause") ||
  (c.type === "UpdateFeature" && (c.status === "pending" || c.status === "blocked")) ||
  (c.type === "UpdateAssertion" && c.result !== "passed");

/** Runs commands through decide + evolve, keeping every event and the state after each. */
const simulate = (steps: readonly (readonly [number, number])[]) => {
  const next = toCommands(steps);
  const events: MissionEvent[] = [];
  const states: MissionState[] = [missionStream.initial];
  let state = missionStream.initial;
  const apply = (es: readonly MissionEvent[]) => {
    for (const e of es) {
      events.push(e);
      const [r] = record([e]).map((x) => ({ ...x, seq: events.length, id: `ev_${events.length}` })) as Recorded<MissionEvent>[];
      // frozen: a fold that wrote into an earlier state or an event would throw here
      state = deepFreeze(foldEvents(missionStream, state, [deepFreeze(r!)]));
      states.push(state);
    }
  };
  apply(Either.getOrThrow(decideMission(state, { type: "CreateMission", missionId: "msn_p", plan })));
  for (let i = 0; i < steps.length; i++) {
    let c = next(state)(i);
    // as the engine does: the state a restore brings back is folded from history
    if (c.type === "RestoreCheckpoint") {
      const id = c.checkpointId;
      const at = state.checkpoints.find((x) => x.id === id)?.seq ?? 0;
      c = { ...c, undoId: `undo-${i}`, past: { seq: at, domain: states[at]?.domain ?? null } };
    }
    const r = decideMission(state, c);
    if (Either.isRight(r)) apply(r.right);
    // a refusal is the state's answer alone (decide reads no clock and no dice), named by its condition
    else expect([r.left._tag, r.left.condition]).toEqual(Either.match(decideMission(state, c), { onLeft: (e) => [e._tag, e.condition], onRight: () => ["accepted"] }));
  }
  return { events, states, state };
};

const foldFirst = (events: readonly MissionEvent[], n: number) =>
  foldEvents(missionStream, missionStream.initial, events.slice(0, n).map((e, i) => ({ ...e, seq: i + 1, id: `ev_${i + 1}`, at: "t", actor: "a" }) as Recorded<MissionEvent>));

const strip = (s: MissionState) => JSON.parse(JSON.stringify(s.domain, (k, v) => (k === "updatedAt" || k === "createdAt" || k === "updatedBy" || k === "createdBy" ? undefined : v)));

describe("mission properties", () => {
  it("any sequence of accepted commands keeps the state machines' invariants", () => {
    fc.assert(
      fc.property(walk, (cmds) => {
        const { state, events, states } = simulate(cmds);
        const d = state.domain!;
        expect(state.seq).toBe(events.length);
        // a feature starts only once each dependency has delivered (review or done), and its milestone only after the earlier ones are sealed
        events.forEach((e, i) => {
          if (e.type !== "FeatureStatusChanged" || !["assigned", "in-progress"].includes(e.data.to) || e.data.from === "assigned") return;
          const before = states[i]!.domain!;
          for (const dep of before.features[e.data.featureId]!.dependsOn) expect(["review", "done"]).toContain(before.features[dep]!.status);
        });
        events.forEach((e, i) => {
          if (e.type !== "MilestoneStatusChanged" || e.data.from !== "pending") return;
          const ms = Object.values(states[i]!.domain!.milestones);
          const at = ms.findIndex((m) => m.id === e.data.milestoneId);
          for (const m of ms.slice(0, at)) if (m.order <= ms[at]!.order) expect(m.status).toBe("sealed");
        });
        for (const m of Object.values(d.milestones)) {
          if (m.status === "sealed") {
            for (const f of Object.values(d.features)) if (f.milestoneId === m.id) expect(f.status).toBe("done");
            for (const a of Object.values(d.assertions)) if (a.milestoneId === m.id) expect(["passed", "waived"]).toContain(a.status);
          }
          if (m.status !== "pending") expect(["draft", "approved", "rejected"]).not.toContain(d.mission.status);
        }
        if (d.mission.status === "completed") for (const m of Object.values(d.milestones)) expect(m.status).toBe("sealed");
      }),
      { numRuns: 300 },
    );
  });

  it("folding all events equals the state built incrementally, and --at N equals folding the first N", () => {
    fc.assert(
      fc.property(walk, fc.nat(), (cmds, pick) => {
        const { events, states } = simulate(cmds);
        expect(strip(foldFirst(events, events.length))).toEqual(strip(states[events.length]!));
        const n = 1 + (pick % events.length);
        expect(strip(foldFirst(events, n))).toEqual(strip(states[n]!));
      }),
      { numRuns: 200 },
    );
  });

  it("after a restore, the mission's state equals its state at the checkpoint's seq", () => {
    fc.assert(
      fc.property(walk, (cmds) => {
        const { events, states } = simulate(cmds);
        events.forEach((e, i) => {
          if (e.type !== "CheckpointRestored") return;
          expect(strip(states[i + 1]!)).toEqual(strip(states[e.data.toSeq]!));
        });
      }),
      { numRuns: 300 },
    );
  });
});
