import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "@maestro/testkit";
import { inProcess } from "./in-process.js";

const as = (session: string) => ({ env: { MAESTRO_SESSION: session } });


describe("task rules that fit real work", () => {
  it("only the holder rewrites a task's continuation or refreshes it, unless --force", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const id = (await cli.json(["task", "create", "Migrate the db"], as("alice"))).task.id;
    await cli.ok(["task", "claim", id], as("alice"));
    expect(await cli.refused(["task", "update", id, "--current-state", "hijacked"], "TaskHeldByOther", as("bob"))).toMatch(/held by alice, not bob; only it rewrites the task \(pass --force/);
    expect(await cli.refused(["task", "heartbeat", id], "TaskHeldByOther", as("bob"))).toMatch(/held by alice, not by bob; pass --force/);
    await cli.ok(["task", "update", id, "--next-action", "run the backfill", "--force"], as("bob"));
    await cli.ok(["task", "heartbeat", id, "--force"], as("bob"));
    expect((await cli.json(["task", "show", id])).continuation.nextAction).toBe("run the backfill");
    // an unheld task's notes are anyone's to write (a planner leaving a continuation)
    const free = (await cli.json(["task", "create", "Docs"], as("alice"))).task.id;
    await cli.ok(["task", "update", free, "--next-action", "start from the README"], as("bob"));
  });

  it("says when an update to in_progress claimed the task, and wants a reason to complete", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const id = (await cli.json(["task", "create", "Fix the flake"], as("alice"))).task.id;
    expect(await cli.ok(["task", "update", id, "--status", "in_progress"], as("alice"))).toMatch(new RegExp(`^claimed and updated: ${id} \\(fix-the-flake\\) is in_progress, held by alice`));
    expect(await cli.refused(["task", "update", id, "--status", "completed"], "InvalidValue", as("alice"))).toMatch(/needs --reason/);
    await cli.ok(["task", "update", id, "--status", "completed", "--reason", "retry removed"], as("alice"));
  });

  it("cancels a task: it leaves ready, unblocks what waited on it, stays in history, and can be reopened", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const old = (await cli.json(["task", "create", "Old approach"], as("alice"))).task.id;
    const next = (await cli.json(["task", "create", "Follow-up", "--blocked-by", old], as("alice"))).task.id;
    await cli.ok(["task", "claim", old], as("alice"));
    expect(await cli.refused(["task", "cancel", old, "--reason", "not mine"], "TaskHeldByOther", as("bob"))).toMatch(/held by alice/);
    expect(await cli.refused(["task", "cancel", old], "UsageError", as("alice"))).toMatch(/Missing required argument: reason/);
    expect(await cli.ok(["task", "cancel", old, "--reason", "superseded by the new design"], as("alice"))).toMatch(new RegExp(`cancelled: ${old} .* is cancelled\\nnow ready: follow-up`));
    expect((await cli.json(["task", "ready"])).map((t: any) => t.id)).toEqual([next]);
    expect((await cli.json(["task", "list", "--status", "cancelled"])).map((t: any) => t.id)).toEqual([old]);
    expect(await cli.refused(["task", "claim", old], "TransitionNotAllowed")).toMatch(/is cancelled; reopen it first/);
    expect((await cli.json(["task", "history", old])).events.map((e: any) => e.type)).toEqual(["TaskCreated", "TaskClaimed", "TaskCancelled"]);
    await cli.ok(["task", "reopen", old, "--reason", "back on"], as("carol"));
    expect(await cli.json(["task", "show", old])).toMatchObject({ status: "pending", assignee: null });
  });

  it("applies a plan once: the same file, or one with the same batchId, creates nothing the second time", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const file = join(repo.dir, "plan.json");
    writeFileSync(file, JSON.stringify({ tasks: [{ name: "a", title: "A" }, { name: "b", title: "B", blockedBy: ["a"] }] }));
    const first = await cli.json(["task", "plan", "--file", file]);
    expect(first.tasks).toHaveLength(2);
    const before = repo.logs();
    expect(await cli.ok(["task", "plan", "--file", file])).toMatch(new RegExp(`^plan ${first.batchId.replace(/[.:]/g, "\\$&")} was applied already \\(2 tasks\\): nothing created`));
    expect(repo.logs()).toEqual(before);
    expect(await cli.json(["task", "list"])).toHaveLength(2);
    // a named batch: edited and rerun, still one batch
    writeFileSync(file, JSON.stringify({ batchId: "sprint-7", tasks: [{ name: "c", title: "C" }] }));
    await cli.ok(["task", "plan", "--file", file]);
    writeFileSync(file, JSON.stringify({ batchId: "sprint-7", tasks: [{ name: "c", title: "C, reworded" }] }));
    expect(await cli.json(["task", "plan", "--file", file])).toMatchObject({ alreadyApplied: true, events: [] });
    expect((await cli.json(["task", "plan", "--file", file, "--dry-run"])).events).toEqual([]);
    expect(await cli.json(["task", "list"])).toHaveLength(3);
  });

  it("names a plan's tasks by their batch names in its errors", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const file = join(repo.dir, "plan.json");
    writeFileSync(file, JSON.stringify({ tasks: [{ name: "build", title: "Build", blockedBy: ["test"] }, { name: "test", title: "Test", blockedBy: ["build"] }] }));
    expect(await cli.refused(["task", "plan", "--file", file], "BlockerCycle")).toMatch(/^error: blocker cycle: (build -> test -> build|test -> build -> test)\n$/);
    writeFileSync(file, JSON.stringify({ tasks: [{ name: "build", title: "Build", blockedBy: ["ghost"] }] }));
    expect(await cli.refused(["task", "plan", "--file", file], "TaskNotFound")).toMatch(/task "build" --blocked-by: task "ghost" not found/);
  });

  it("filters ready tasks and claims within the filter; --limit 0 is all", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    for (let i = 0; i < 3; i++) await cli.ok(["task", "create", `Chore ${i}`, "--type", "chore", "-p", "P3"]);
    await cli.ok(["task", "create", "Login bug", "--type", "bug", "-p", "P1", "--labels", "auth"]);
    await cli.ok(["task", "create", "UI bug", "--type", "bug", "-p", "P2", "--labels", "ui"]);
    expect((await cli.json(["task", "ready", "--type", "bug"])).map((t: any) => t.title)).toEqual(["Login bug", "UI bug"]);
    expect((await cli.json(["task", "ready", "--label", "ui", "--unassigned"])).map((t: any) => t.title)).toEqual(["UI bug"]);
    expect(await cli.json(["task", "ready", "-p", "P3", "--limit", "2"])).toHaveLength(2);
    expect(await cli.json(["task", "ready", "--limit", "0"])).toHaveLength(5);
    expect(await cli.json(["task", "list", "--limit", "0"])).toHaveLength(5);
    expect(await cli.refused(["task", "ready", "--limit", "-1"], "InvalidValue")).toMatch(/--limit must be a whole number/);
    expect(await cli.refused(["task", "ready", "--type", "bogus"], "InvalidValue")).toMatch(/--type must be one of task, bug/);
    expect((await cli.json(["task", "ready", "--claim", "--label", "ui"], as("ann"))).claimed.title).toBe("UI bug");
    expect(await cli.ok(["task", "ready", "--label", "nope"])).toBe("nothing ready matches\n");
  });
  it("makes slugs from titles in any script, and takes them as refs", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const t = (await cli.json(["task", "create", "Ünïcødé 日本語 fix ✓"])).task;
    expect(t.slug).toBe("ünïcødé-日本語-fix");
    await cli.ok(["task", "claim", "ünïcødé-日本語-fix"], as("alice"));
    expect((await cli.json(["task", "show", t.id])).assignee).toBe("alice");
    expect((await cli.json(["task", "create", "y".repeat(200)])).task.slug).toBe("y".repeat(48));
  });
});
