import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { approvedMission, fixture, makeRepo } from "@maestro/testkit";
import { inProcess } from "./in-process.js";

describe("mission state machines that fit real work", () => {
  it("blocks an in-progress feature with a reason and unblocks it", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const id = approvedMission(repo);
    // one spelling of in-progress for features and tasks alike: either is accepted
    await cli.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in_progress"]);
    expect((await cli.json(["feature", "list", "-m", id, "--status", "in_progress"])).map((f: any) => f.id)).toEqual(["auth-plan"]);
    expect(await cli.json(["task", "list", "--status", "in-progress"])).toEqual([]);
    expect(await cli.refused(["feature", "update", "auth-plan", "-m", id, "--status", "blocked"], "InvalidValue")).toMatch(/blocking feature "auth-plan" needs --reason/);
    await cli.ok(["feature", "update", "auth-plan", "-m", id, "--status", "blocked", "--reason", "waiting on the SSO vendor"]);
    expect(await cli.json(["feature", "show", "auth-plan", "-m", id])).toMatchObject({ status: "blocked", reason: "waiting on the SSO vendor" });
    await cli.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    expect((await cli.json(["feature", "show", "auth-plan", "-m", id])).status).toBe("in-progress");
  });

  it("starts a dependent feature once its dependency is in review, and keeps milestones in order", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const id = approvedMission(repo);
    expect(await cli.refused(["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"], "DependencyOpen")).toMatch(
      /depends on "auth-plan" \(pending\); it can start once those reach review \(a completed reply: `maestro reply write auth-plan --outcome completed`\)/,
    );
    await cli.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    await cli.ok(["feature", "update", "auth-plan", "-m", id, "--status", "review"]);
    // the dependency is delivered, but its milestone is not sealed: the later milestone waits, by either door
    expect(await cli.refused(["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"], "DependencyOpen")).toMatch(/milestone "implement" comes after "plan", which is executing; seal it first \(`maestro milestone seal plan`\)/);
    expect(await cli.refused(["milestone", "start", "implement", "-m", id], "DependencyOpen")).toMatch(/milestone "implement" comes after "plan", which is executing; seal it first/);
    await cli.ok(["milestone", "seal", "plan", "-m", id]);
    await cli.ok(["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"]);
  });

  it("makes milestones from a workflow template, and carries proposal, preconditions and expected behavior into the brief", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
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
    const d = await cli.json(["mission", "create", "--file", file, "--workflow", "plan-review-implement"]);
    expect(Object.values(d.milestones).map((m: any) => [m.id, m.kind, m.profile, m.order])).toEqual([
      ["planning", "work", "planning", 0],
      ["plan-review", "gate", "plan-review", 1],
      ["implementation", "work", "implementation", 2],
    ]);
    expect(await cli.refused(["mission", "create", "--file", file, "--workflow", "waterfall"], "InvalidValue")).toMatch(/--workflow must be one of plan-implement, plan-review-implement/);
    expect(await cli.refused(["mission", "create", "--file", fixture("plans", "overview.json"), "--workflow", "plan-implement"], "InvalidFile")).toMatch(/has milestones, and --workflow plan-implement makes them/);
    const brief = await cli.ok(["feature", "prompt", "rl-plan", "-m", d.mission.id]);
    expect(brief).toContain("- Proposal: A token bucket per API key, in the gateway");
    expect(brief).toContain("- Precondition: the gateway has per-key auth");
    expect(brief).toContain("Expected behavior: a 429 after 100 requests a minute");
  });

  it("takes a user's workflow template from config", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const phases = [{ id: "triage", title: "Triage", profile: "planning" }, { id: "fix", title: "Fix", kind: "work", profile: "implementation" }, { id: "verify", title: "Verify", kind: "gate" }];
    await cli.ok(["config", "set", "workflows.bug-fix", JSON.stringify(phases), "--global"]);
    expect(await cli.json(["config", "get", "workflows.bug-fix"])).toMatchObject({ value: phases, source: "global" });
    const file = join(repo.dir, "bug.json");
    writeFileSync(file, JSON.stringify({ title: "Fix the login loop", features: [{ id: "repro", milestoneId: "triage", title: "Reproduce it" }] }));
    const d = await cli.json(["mission", "create", "--file", file, "--workflow", "bug-fix"]);
    expect(Object.values(d.milestones).map((m: any) => [m.id, m.kind, m.profile, m.order])).toEqual([
      ["triage", "work", "planning", 0],
      ["fix", "work", "implementation", 1],
      ["verify", "gate", "custom", 2],
    ]);
    expect(await cli.refused(["mission", "create", "--file", file, "--workflow", "bug-fxi"], "InvalidValue")).toMatch(/--workflow must be one of plan-implement, .*plan-review-implement-review, bug-fix \(or a template of yours/);
    expect(await cli.refused(["config", "set", "workflows.bad", JSON.stringify([{ title: "no id" }]), "--global"], "InvalidValue")).toMatch(/workflows\.bad: .*id/);
  });

  it("edits a mission's title and description; an edit that changes nothing records nothing", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const id = approvedMission(repo);
    await cli.ok(["mission", "update", id, "--title", "Auth, first slice", "--description", "login only"]);
    expect((await cli.json(["mission", "show", id])).mission).toMatchObject({ title: "Auth, first slice", description: "login only" });
    expect(await cli.ok(["mission", "update", id, "--title", "Auth, first slice"])).toMatch(/nothing to change/);
    // a read across missions goes back in time by the clock, the one point all streams share
    const created = (await cli.json(["log", "-m", id]))[0].at;
    expect((await cli.json(["mission", "list", "--at", created])).map((m: any) => m.title)).toEqual(["Add authentication"]);
    expect(await cli.json(["mission", "list", "--at", "2000-01-01T00:00:00Z"])).toEqual([]);
    expect(await cli.refused(["mission", "list", "--at", "3"], "InvalidValue")).toMatch(/--at on a read across missions takes an ISO time/);
    expect(await cli.refused(["mission", "update", id, "--title", " "], "InvalidValue")).toMatch(/--title must not be empty/);
    expect(await cli.refused(["mission", "update", id], "NothingToChange")).toMatch(/nothing to update/);
    expect(await cli.refused(["mission", "list", "--status", "bogus"], "InvalidValue")).toMatch(/--status must be one of draft, approved/);
  });
});
