// Ids every JavaScript object answers to: records are looked up by own keys only.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "@maestro/testkit";
import { inProcess } from "./in-process.js";

describe("ids named like Object.prototype's members", () => {
  it("run the mission loop", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const plan = {
      title: "Prototype names",
      milestones: [{ id: "constructor", title: "First", order: 0, profile: "custom" }],
      features: [{ id: "tostring", milestoneId: "constructor", title: "A feature", fulfills: ["valueof"] }],
    };
    const file = join(repo.dir, "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const id = (await cli.json(["mission", "create", "--file", file])).mission.id;
    await cli.ok(["mission", "approve", id]);
    for (const ghost of ["__proto__", "toString", "hasOwnProperty", "prototype"]) {
      const r = await cli.run(["feature", "show", ghost, "-m", id]);
      expect([ghost, r.code]).toEqual([ghost, r.code === 1 ? 1 : 2]);
      expect(r.code).not.toBe(70);
    }
    await cli.ok(["feature", "update", "tostring", "-m", id, "--status", "in-progress"]);
    await cli.ok(["feature", "update", "tostring", "-m", id, "--status", "review"]);
    await cli.ok(["validate", "update", "valueof", "-m", id, "--result", "passed", "--evidence", "checked"]);
    await cli.ok(["milestone", "seal", "constructor", "-m", id]);
    expect((await cli.run(["milestone", "start", "__proto__", "-m", id])).code).toBe(2);
    await cli.ok(["mission", "complete", id]);
    expect((await cli.json(["mission", "show", id])).mission.status).toBe("completed");
  });

  it("run the task graph", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const a = (await cli.json(["task", "create", "Constructor", "--slug", "constructor"])).task.id;
    await cli.json(["task", "create", "Tostring", "--slug", "tostring", "--blocked-by", "constructor"]);
    for (const ghost of ["__proto__", "toString", "valueOf", "hasOwnProperty"]) {
      const r = await cli.run(["task", "show", ghost]);
      expect([ghost, r.code]).toEqual([ghost, 2]);
    }
    expect((await cli.json(["task", "show", "constructor"])).id).toBe(a);
    await cli.ok(["task", "claim", "constructor"]);
    await cli.ok(["task", "update", "constructor", "--status", "completed", "--reason", "done"]);
    expect((await cli.json(["task", "ready"])).map((t: any) => t.slug)).toEqual(["tostring"]);
    expect((await cli.run(["task", "block", "__proto__", "tostring"])).code).toBe(2);
  });

  it("name no principle", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    for (const ghost of ["constructor", "toString", "__proto__"]) {
      // (a write decodes the id first: "toString" and "__proto__" are no principle id at all)
      const write = ghost === "constructor" ? "PrincipleNotFound" : "InvalidValue";
      await cli.refused(["principle", "remove", ghost], write);
      await cli.refused(["principle", "show", ghost], "PrincipleNotFound");
      await cli.refused(["principle", "outcome", ghost, "helpful", "--handoff", "hof_x"], write);
    }
  });
});
