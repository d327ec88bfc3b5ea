// Ids every JavaScript object answers to: records are looked up by own keys only.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo, refused } from "@maestro/testkit";

describe("ids named like Object.prototype's members", () => {
  it("run the mission loop", () => {
    const repo = makeRepo();
    const plan = {
      title: "Prototype names",
      milestones: [{ id: "constructor", title: "First", order: 0, profile: "custom" }],
      features: [{ id: "tostring", milestoneId: "constructor", title: "A feature", fulfills: ["valueof"] }],
    };
    const file = join(repo.dir, "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const id = repo.json(["mission", "create", "--file", file]).mission.id;
    repo.ok(["mission", "approve", id]);
    for (const ghost of ["__proto__", "toString", "hasOwnProperty", "prototype"]) {
      const r = repo.run(["feature", "show", ghost, "-m", id]);
      expect([ghost, r.code]).toEqual([ghost, r.code === 1 ? 1 : 2]);
      expect(r.code).not.toBe(70);
    }
    repo.ok(["feature", "update", "tostring", "-m", id, "--status", "in-progress"]);
    repo.ok(["feature", "update", "tostring", "-m", id, "--status", "review"]);
    repo.ok(["validate", "update", "valueof", "-m", id, "--result", "passed", "--evidence", "checked"]);
    repo.ok(["milestone", "seal", "constructor", "-m", id]);
    expect(repo.run(["milestone", "start", "__proto__", "-m", id]).code).toBe(2);
    repo.ok(["mission", "complete", id]);
    expect(repo.json(["mission", "show", id]).mission.status).toBe("completed");
  });

  it("run the task graph", () => {
    const repo = makeRepo();
    const a = repo.json(["task", "create", "Constructor", "--slug", "constructor"]).task.id;
    repo.json(["task", "create", "Tostring", "--slug", "tostring", "--blocked-by", "constructor"]);
    for (const ghost of ["__proto__", "toString", "valueOf", "hasOwnProperty"]) {
      const r = repo.run(["task", "show", ghost]);
      expect([ghost, r.code]).toEqual([ghost, 2]);
    }
    expect(repo.json(["task", "show", "constructor"]).id).toBe(a);
    repo.ok(["task", "claim", "constructor"]);
    repo.ok(["task", "update", "constructor", "--status", "completed", "--reason", "done"]);
    expect(repo.json(["task", "ready"]).map((t: any) => t.slug)).toEqual(["tostring"]);
    expect(repo.run(["task", "block", "__proto__", "tostring"]).code).toBe(2);
  });

  it("name no principle", () => {
    const repo = makeRepo();
    for (const ghost of ["constructor", "toString", "__proto__"]) {
      // (a write decodes the id first: "toString" and "__proto__" are no principle id at all)
      const write = ghost === "constructor" ? "PrincipleNotFound" : "InvalidValue";
      refused(repo, ["principle", "remove", ghost], write);
      refused(repo, ["principle", "show", ghost], "PrincipleNotFound");
      refused(repo, ["principle", "outcome", ghost, "helpful", "--handoff", "hof_x"], write);
    }
  });
});
