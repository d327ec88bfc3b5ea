import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { approvedMission, fixture, makeRepo, refused } from "@maestro/testkit";

describe("mission state machines that fit real work", () => {
  it("blocks an in-progress feature with a reason and unblocks it", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    // one spelling of in-progress for features and tasks alike: either is accepted
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in_progress"]);
    expect(repo.json(["feature", "list", "-m", id, "--status", "in_progress"]).map((f: any) => f.id)).toEqual(["auth-plan"]);
    expect(repo.json(["task", "list", "--status", "in-progress"])).toEqual([]);
    expect(refused(repo, ["feature", "update", "auth-plan", "-m", id, "--status", "blocked"], "InvalidValue")).toMatch(/blocking feature "auth-plan" needs --reason/);
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "blocked", "--reason", "waiting on the SSO vendor"]);
    expect(repo.json(["feature", "show", "auth-plan", "-m", id])).toMatchObject({ status: "blocked", reason: "waiting on the SSO vendor" });
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    expect(repo.json(["feature", "show", "auth-plan", "-m", id]).status).toBe("in-progress");
  });

  it("starts a dependent feature once its dependency is in review, and keeps milestones in order", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    expect(refused(repo, ["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"], "DependencyOpen")).toMatch(
      /depends on "auth-plan" \(pending\); it can start once those reach review \(a completed reply: `maestro reply write auth-plan --outcome completed`\)/,
    );
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "review"]);
    // the dependency is delivered, but its milestone is not sealed: the later milestone waits, by either door
    expect(refused(repo, ["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"], "DependencyOpen")).toMatch(/milestone "implement" comes after "plan", which is executing; seal it first \(`maestro milestone seal plan`\)/);
    expect(refused(repo, ["milestone", "start", "implement", "-m", id], "DependencyOpen")).toMatch(/milestone "implement" comes after "plan", which is executing; seal it first/);
    repo.ok(["milestone", "seal", "plan", "-m", id]);
    repo.ok(["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"]);
  });

  it("makes milestones from a workflow template, and carries proposal, preconditions and expected behavior into the brief", () => {
    const repo = makeRepo();
    const file = join(repo.dir, "features.json");
    const features = {
      title: "Rate limiting",
      proposal: "A token bucket per API key, in the gateway",
      features: [
        { id: "rl-plan", milestoneId: "planning", title: "Plan the limiter", preconditions: ["the gateway has per-key auth"], expectedBehavior: "a 429 after 100 requests a minute" },
        { id: "rl-build", milestoneId: "implementation", title: "Build the limiter", dependsOn: ["rl-plan"] },
      ],
    };
    writeFileSync(file, JSON.stringify(features));
    const d = repo.json(["mission", "create", "--file", file, "--workflow", "plan-review-implement"]);
    expect(Object.values(d.milestones).map((m: any) => [m.id, m.kind, m.profile, m.order])).toEqual([
      ["planning", "work", "planning", 0],
      ["plan-review", "gate", "plan-review", 1],
      ["implementation", "work", "implementation", 2],
    ]);
    expect(refused(repo, ["mission", "create", "--file", file, "--workflow", "waterfall"], "InvalidValue")).toMatch(/--workflow must be one of plan-implement, plan-review-implement/);
    expect(refused(repo, ["mission", "create", "--file", fixture("plans", "overview.json"), "--workflow", "plan-implement"], "InvalidFile")).toMatch(/has milestones, and --workflow plan-implement makes them/);
    const brief = repo.ok(["feature", "prompt", "rl-plan", "-m", d.mission.id]);
    expect(brief).toContain("- Proposal: A token bucket per API key, in the gateway");
    expect(brief).toContain("- Precondition: the gateway has per-key auth");
    expect(brief).toContain("Expected behavior: a 429 after 100 requests a minute");
  });

  it("takes a user's workflow template from config", () => {
    const repo = makeRepo();
    const phases = [{ id: "triage", title: "Triage", profile: "planning" }, { id: "fix", title: "Fix", kind: "work", profile: "implementation" }, { id: "verify", title: "Verify", kind: "gate" }];
    repo.ok(["config", "set", "workflows.bug-fix", JSON.stringify(phases), "--global"]);
    expect(repo.json(["config", "get", "workflows.bug-fix"])).toMatchObject({ value: phases, source: "global" });
    const file = join(repo.dir, "bug.json");
    writeFileSync(file, JSON.stringify({ title: "Fix the login loop", features: [{ id: "repro", milestoneId: "triage", title: "Reproduce it" }] }));
    const d = repo.json(["mission", "create", "--file", file, "--workflow", "bug-fix"]);
    expect(Object.values(d.milestones).map((m: any) => [m.id, m.kind, m.profile, m.order])).toEqual([
      ["triage", "work", "planning", 0],
      ["fix", "work", "implementation", 1],
      ["verify", "gate", "custom", 2],
    ]);
    expect(refused(repo, ["mission", "create", "--file", file, "--workflow", "bug-fxi"], "InvalidValue")).toMatch(/--workflow must be one of plan-implement, .*plan-review-implement-review, bug-fix \(or a template of yours/);
    expect(refused(repo, ["config", "set", "workflows.bad", JSON.stringify([{ title: "no id" }]), "--global"], "InvalidValue")).toMatch(/workflows\.bad: .*id/);
  });

  it("edits a mission's title and description; an edit that changes nothing records nothing", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    repo.ok(["mission", "update", id, "--title", "Auth, first slice", "--description", "login only"]);
    expect(repo.json(["mission", "show", id]).mission).toMatchObject({ title: "Auth, first slice", description: "login only" });
    expect(repo.ok(["mission", "update", id, "--title", "Auth, first slice"])).toMatch(/nothing to change/);
    // a read across missions goes back in time by the clock, the one point all streams share
    const created = repo.json(["log", "-m", id])[0].at;
    expect(repo.json(["mission", "list", "--at", created]).map((m: any) => m.title)).toEqual(["Add authentication"]);
    expect(repo.json(["mission", "list", "--at", "2000-01-01T00:00:00Z"])).toEqual([]);
    expect(refused(repo, ["mission", "list", "--at", "3"], "InvalidValue")).toMatch(/--at on a read across missions takes an ISO time/);
    expect(refused(repo, ["mission", "update", id, "--title", " "], "InvalidValue")).toMatch(/--title must not be empty/);
    expect(refused(repo, ["mission", "update", id], "NothingToChange")).toMatch(/nothing to update/);
    expect(refused(repo, ["mission", "list", "--status", "bogus"], "InvalidValue")).toMatch(/--status must be one of draft, approved/);
  });
});
