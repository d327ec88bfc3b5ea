import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "@maestro/testkit";

// The reason to switch: under load, a claim has exactly one winner. 5 rounds by default; the
// slow tier (`npm run test:slow`) runs 50.
const ROUNDS = Number(process.env["MAESTRO_RACE_ROUNDS"] ?? 5);

describe("claim races between real processes", () => {
  it(`16 processes claim the same task at once, ${ROUNDS} rounds: exactly one wins each round, the rest exit 3`, async () => {
    const repo = makeRepo();
    const plan = join(repo.dir, "tasks.json");
    writeFileSync(plan, JSON.stringify({ tasks: Array.from({ length: ROUNDS }, (_, i) => ({ name: `t${i}`, title: `Task ${i}` })) }));
    const ids: string[] = repo.json(["task", "plan", "--file", plan]).tasks.map((t: any) => t.id);
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => repo.spawn(["task", "claim", ids[round]!], { env: { MAESTRO_SESSION: `r${round}-s${i}` } })));
      const winners = results.filter((r) => r.code === 0);
      expect(winners, `round ${round}`).toHaveLength(1);
      const winner = /held by (r\d+-s\d+)/.exec(winners[0]!.stdout)![1];
      for (const r of results.filter((x) => x.code !== 0)) {
        expect(r.code).toBe(3);
        expect(r.stderr).toMatch(new RegExp(`already claimed by ${winner} \\(its lease runs until`));
      }
    }
    const events = repo.json(["log", "--tasks", "--type", "TaskClaimed"]);
    expect(events).toHaveLength(ROUNDS);
    expect(new Set(events.map((e: any) => e.data.taskId)).size).toBe(ROUNDS);
    expect(repo.ok(["log", "verify"])).toMatch(new RegExp(`ok\\s+tasks: ${ROUNDS + 1} events`));
  }, 600_000);

  it("16 processes run `task ready --claim` against 10 ready tasks: 10 distinct winners, 6 clean nothing-ready answers", async () => {
    const repo = makeRepo();
    const plan = join(repo.dir, "tasks.json");
    writeFileSync(plan, JSON.stringify({ tasks: Array.from({ length: 10 }, (_, i) => ({ name: `t${i}`, title: `Task ${i}` })) }));
    repo.ok(["task", "plan", "--file", plan]);
    const results = await Promise.all(Array.from({ length: 16 }, (_, i) => repo.spawn(["task", "ready", "--claim", "--json"], { env: { MAESTRO_SESSION: `s${i}` } })));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const claimed = results.map((r) => JSON.parse(r.stdout).claimed).filter(Boolean);
    expect(claimed).toHaveLength(10);
    expect(new Set(claimed.map((t: any) => t.id)).size).toBe(10);
    expect(results.filter((r) => JSON.parse(r.stdout).claimed === null)).toHaveLength(6);
    const state = repo.json(["task", "list"]);
    expect(state.every((t: any) => t.status === "in_progress")).toBe(true);
    expect(new Set(state.map((t: any) => t.assignee)).size).toBe(10);
  }, 120_000);

  it("8 processes update different fields of one task at once: no update is lost", async () => {
    const repo = makeRepo();
    const id = repo.json(["task", "create", "Shared"]).task.id;
    const updates = [
      ["--title", "Shared (renamed)"],
      ["--priority", "P0"],
      ["--labels", "x,y"],
      ["--current-state", "half done"],
      ["--next-action", "finish it"],
      ["--add-decision", "d1"],
      ["--add-decision", "d2"],
      ["--description", "now described"],
    ];
    const results = await Promise.all(updates.map((u, i) => repo.spawn(["task", "update", id, ...u], { env: { MAESTRO_SESSION: `u${i}` } })));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const t = repo.json(["task", "show", id]);
    expect(t).toMatchObject({ title: "Shared (renamed)", priority: "P0", labels: ["x", "y"], description: "now described" });
    expect(t.continuation.currentState).toBe("half done");
    expect(t.continuation.nextAction).toBe("finish it");
    expect([...t.continuation.decisions].sort()).toEqual(["d1", "d2"]);
    expect(repo.json(["log", "--tasks", "--type", "TaskUpdated"])).toHaveLength(8);
  }, 120_000);
});
