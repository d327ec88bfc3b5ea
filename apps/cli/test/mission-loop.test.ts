import { describe, expect, it } from "vitest";
import { fixture, makeRepo } from "@maestro/testkit";

describe("the overview's mission loop, through the CLI", () => {
  it("runs create -> approve -> feature updates -> validate -> checkpoint -> seal -> complete, and the log shows every step with its actor", () => {
    const repo = makeRepo();
    const created = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]);
    const id: string = created.mission.id;
    expect(id).toMatch(/^msn_[a-z0-9]{10}$/);
    expect(created.mission.status).toBe("draft");
    expect(Object.keys(created.assertions)).toEqual(["auth-login-works"]);
    expect(repo.json(["mission", "list"]).map((m: any) => m.id)).toEqual([id]);

    repo.ok(["mission", "approve", id], { env: { MAESTRO_ACTOR: "operator" } });
    expect(repo.json(["feature", "list", "--mission", id]).map((f: any) => [f.id, f.status])).toEqual([
      ["auth-plan", "pending"],
      ["auth-impl", "pending"],
    ]);
    // the first feature update starts the mission and its milestone, recorded as their own transitions
    const started = repo.json(["feature", "update", "auth-plan", "--mission", id, "--status", "in-progress"], { env: { MAESTRO_ACTOR: "codex:hof_1" } });
    expect(started.events.map((e: any) => e.type)).toEqual(["MissionStatusChanged", "MilestoneStatusChanged", "FeatureStatusChanged"]);
    repo.ok(["feature", "update", "auth-plan", "--mission", id, "--status", "review"], { env: { MAESTRO_ACTOR: "codex:hof_1" } });
    repo.ok(["milestone", "seal", "plan", "--mission", id]);
    expect(repo.json(["feature", "show", "auth-plan", "--mission", id]).status).toBe("done");

    // the overview's commands exactly as written (with --mission)
    repo.ok(["feature", "update", "auth-impl", "--mission", id, "--status", "in-progress"], { env: { MAESTRO_ACTOR: "claude:hof_2" } });
    repo.ok(["feature", "update", "auth-impl", "--mission", id, "--status", "review"], { env: { MAESTRO_ACTOR: "claude:hof_2" } });
    expect(repo.ok(["validate", "show", "--mission", id])).toMatch(/auth-login-works\s+auth-impl\s+pending/);
    repo.ok(["validate", "update", "auth-login-works", "--mission", id, "--result", "passed", "--evidence", "bun test"]);
    const ckp = repo.json(["checkpoint", "save", "--mission", id]);
    expect(ckp.checkpoint.id).toMatch(/^ckp_/);
    repo.ok(["milestone", "seal", "implement", "--mission", id]);
    const done = repo.json(["mission", "complete", id]);
    expect(done.mission.status).toBe("completed");

    const show = repo.json(["mission", "show", id]);
    expect(show.progress).toEqual({ features: { done: 2, total: 2 }, assertions: { passed: 1, total: 1 }, milestones: { sealed: 2, total: 2 } });

    const log = repo.json(["log", "--mission", id]);
    expect(log.map((e: any) => [e.seq, e.type, e.actor])).toEqual([
      [1, "MissionCreated", "tester"],
      [2, "MissionStatusChanged", "operator"],
      [3, "MissionStatusChanged", "codex:hof_1"],
      [4, "MilestoneStatusChanged", "codex:hof_1"],
      [5, "FeatureStatusChanged", "codex:hof_1"],
      [6, "FeatureStatusChanged", "codex:hof_1"],
      [7, "MilestoneSealed", "tester"],
      [8, "MilestoneStatusChanged", "claude:hof_2"],
      [9, "FeatureStatusChanged", "claude:hof_2"],
      [10, "FeatureStatusChanged", "claude:hof_2"],
      [11, "AssertionUpdated", "tester"],
      [12, "CheckpointSaved", "tester"],
      [13, "MilestoneSealed", "tester"],
      [14, "MissionStatusChanged", "tester"],
      [15, "MissionStatusChanged", "tester"],
    ]);
    expect(repo.json(["log", "--mission", id, "--by", "operator"]).map((e: any) => e.seq)).toEqual([2]);
    expect(repo.json(["log", "--type", "MilestoneSealed"]).map((e: any) => e.seq)).toEqual([7, 13]);
    expect(repo.json(["log", "--since", "13"]).map((e: any) => e.seq)).toEqual([14, 15]);
    expect(repo.ok(["log", "verify"])).toMatch(/ok\s+mission msn_\w+: 15 events/);
  });

  it("omits --mission when exactly one mission is active, and asks for it when several are", () => {
    const repo = makeRepo();
    const a = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    repo.ok(["mission", "approve"]);
    expect(repo.json(["mission", "show"]).mission.id).toBe(a);
    repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]);
    const r = repo.run(["mission", "show"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: 2 missions are active \(msn_\w+, msn_\w+\); pass --mission <id>\n$/);
  });

  it("shows any past state with --at, and a checkpoint restore rewinds state without truncating the log", () => {
    const repo = makeRepo();
    const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    repo.ok(["mission", "approve", id]);
    const ckp = repo.json(["checkpoint", "save", "--mission", id, "--label", "approved"]).checkpoint;
    expect(ckp.seq).toBe(2);
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "review"]);
    expect(repo.json(["mission", "show", id, "--at", "1"]).mission.status).toBe("draft");
    expect(repo.json(["feature", "show", "auth-plan", "-m", id, "--at", "6"]).status).toBe("in-progress");
    expect(repo.json(["feature", "show", "auth-plan", "-m", id]).status).toBe("review");

    const restored = repo.json(["checkpoint", "restore", ckp.id, "-m", id]);
    // the state it replaced is saved first (the undo), in the same write
    expect(restored.events[0]).toMatchObject({ type: "CheckpointSaved", seq: 8, data: { checkpointId: restored.undoId, seq: 7 } });
    expect(restored.events[1]).toMatchObject({ type: "CheckpointRestored", seq: 9, data: { checkpointId: ckp.id, toSeq: 2 } });
    const now = repo.json(["mission", "show", id]);
    const then = repo.json(["mission", "show", id, "--at", "2"]);
    expect(now.mission.status).toBe("approved");
    expect({ ...now, seq: 0, checkpoints: [] }).toEqual({ ...then, seq: 0, checkpoints: [] });
    expect(repo.json(["log", "-m", id]).length).toBe(9);
    expect(repo.json(["checkpoint", "list", "-m", id]).restores).toMatchObject([{ checkpointId: ckp.id, toSeq: 2, seq: 9 }]);
    // work goes on from the restored state
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    expect(repo.json(["mission", "show", id]).mission.status).toBe("executing");
  });

  it("init is idempotent and says so", () => {
    const repo = makeRepo();
    expect(repo.ok(["init"])).toMatch(/^already initialized: .*\.maestro\n$/);
  });
});
