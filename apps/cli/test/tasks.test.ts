import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, makeRepo } from "@maestro/testkit";
import { inProcess } from "./in-process.js";

describe("tasks through the CLI", () => {
  it("runs the daily loop: create, block, ready, claim, continuation, complete, history", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const as = (session: string) => ({ env: { MAESTRO_SESSION: session } });
    const fix = (await cli.json(["task", "create", "Fix login timeout", "--type", "bug", "-p", "P1", "--slug", "fix/login-timeout", "--labels", "auth,backend"], as("alice"))).task;
    expect(fix).toMatchObject({ slug: "fix/login-timeout", priority: "P1", type: "bug", labels: ["auth", "backend"], status: "pending", createdBy: "alice" });
    expect(fix.id).toMatch(/^tsk_/);
    await cli.ok(["task", "create", "Write tests", "--blocked-by", "fix/login-timeout"], as("alice"));
    await cli.ok(["task", "create", "Docs"], as("alice"));
    expect((await cli.json(["task", "ready"])).map((t: any) => t.slug)).toEqual(["fix/login-timeout", "docs"]);

    await cli.ok(["task", "claim", "fix/login-timeout"], as("alice"));
    const lost = await cli.run(["task", "claim", "fix/login-timeout"], as("bob"));
    expect(lost.code).toBe(3);
    expect(lost.stderr).toMatch(/^error: task tsk_\w+ \(fix\/login-timeout\) is already claimed by alice \(its lease runs until [\d-]+T[\d:.]+Z\); pass --force to take it over\n$/);
    expect((await cli.run(["task", "update", "write-tests", "--status", "in_progress"], as("bob"))).stderr).toMatch(/blocked by tsk_\w+ \(in_progress\)/);
    expect((await cli.json(["task", "mine"], as("alice"))).map((t: any) => t.slug)).toEqual(["fix/login-timeout"]);

    await cli.ok(["task", "update", "fix/login-timeout", "--current-state", "root cause found", "--next-action", "patch the pool", "--add-decision", "30s timeout", "--add-decision", "no retries"], as("alice"));
    await cli.ok(["task", "update", "fix/login-timeout", "--remove-decision", "no retries"], as("alice"));
    expect((await cli.json(["task", "show", "fix/login-timeout"])).continuation).toEqual({ currentState: "root cause found", nextAction: "patch the pool", decisions: ["30s timeout"] });
    const status = await cli.json(["task", "status"], as("alice"));
    expect(status.active.map((t: any) => t.slug)).toEqual(["fix/login-timeout"]);
    expect(status.blocked.map((t: any) => t.slug)).toEqual(["write-tests"]);
    expect(status.next).toBe("continue fix/login-timeout (Fix login timeout)");
    // slugs, which people type, beside ids in the board, its tracks and its hint
    expect(await cli.ok(["task", "status"], as("alice"))).toMatch(/ACTIVE \(1\)\n  tsk_\w+  fix\/login-timeout  [\s\S]*READY \(1\)[\s\S]*BLOCKED \(1\)[\s\S]*waiting on fix\/login-timeout\n[\s\S]*TRACKS\n  fix\/login-timeout -> write-tests[\s\S]*next: continue fix\/login-timeout/);

    await cli.ok(["task", "update", "fix/login-timeout", "--status", "completed", "--reason", "patched", "--receipt", "abc123"], as("alice"));
    expect((await cli.json(["task", "ready"])).map((t: any) => t.slug)).toEqual(["write-tests", "docs"]);
    expect((await cli.run(["task", "update", "fix/login-timeout", "--title", "x"], as("alice"))).stderr).toMatch(/completed; reopen it first/);
    await cli.ok(["task", "reopen", "fix/login-timeout", "--reason", "regressed"], as("carol"));
    const history = await cli.json(["task", "history", "fix/login-timeout"]);
    expect(history.events.map((e: any) => [e.type, e.actor])).toEqual([
      ["TaskCreated", "alice"],
      ["TaskClaimed", "alice"],
      ["TaskUpdated", "alice"],
      ["TaskUpdated", "alice"],
      ["TaskCompleted", "alice"],
      ["TaskReopened", "carol"],
    ]);
    // time travel on the tasks stream
    expect((await cli.json(["task", "show", "fix/login-timeout", "--at", "4"])).status).toBe("in_progress");
    expect((await cli.json(["log", "--tasks"])).length).toBe(8);
  });

  it("takes over stale claims, releases a session's tasks, lists stuck ones", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const id = (await cli.json(["task", "create", "Long job"], { env: { MAESTRO_SESSION: "old" } })).task.id;
    await cli.ok(["task", "claim", id], { env: { MAESTRO_SESSION: "old" } });
    expect((await cli.run(["task", "claim", id, "--stale-after", "1h"], { env: { MAESTRO_SESSION: "new" } })).code).toBe(3);
    expect(await cli.json(["task", "stuck", "--older-than", "1h"])).toEqual([]);
    expect((await cli.json(["task", "stuck", "--older-than", "0s"])).map((t: any) => t.id)).toEqual([id]);
    const takeover = await cli.json(["task", "claim", id, "--force"], { env: { MAESTRO_SESSION: "new" } });
    expect(takeover.events[0].data).toMatchObject({ session: "new", previous: "old", reason: "forced" });
    await cli.ok(["task", "heartbeat"], { env: { MAESTRO_SESSION: "new" } });
    expect((await cli.json(["task", "release-owned", "new"])).released).toEqual([id]);
    expect(await cli.json(["task", "show", id])).toMatchObject({ status: "pending", assignee: null });
  });

  it("plans a batch from a file, all or nothing, with --dry-run and --start", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const plan = join(repo.dir, "tasks.json");
    writeFileSync(plan, JSON.stringify({ tasks: [{ name: "schema", title: "Design schema", priority: "P1" }, { name: "api", title: "Build API", blockedBy: ["schema"] }, { name: "ui", title: "Build UI", blockedBy: ["api"] }] }));
    const untouched = repo.logs();
    expect(await cli.ok(["task", "plan", "--file", plan, "--dry-run"])).toMatch(/would create 3 tasks \(nothing written\)/);
    expect(repo.logs()).toEqual(untouched);
    expect(Object.keys(untouched)).not.toContain(".maestro/tasks/tasks.jsonl");
    const r = await cli.json(["task", "plan", "--file", plan, "--start", "schema"], { env: { MAESTRO_SESSION: "s1" } });
    expect(r.events.map((e: any) => e.type)).toEqual(["TasksPlanned", "TaskClaimed"]);
    expect(r.tasks.map((t: any) => [t.slug, t.status])).toEqual([["schema", "in_progress"], ["api", "pending"], ["ui", "pending"]]);
    const bad = join(repo.dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ tasks: [{ name: "x", title: "X", blockedBy: ["nope"] }] }));
    const before = repo.logs();
    expect((await cli.run(["task", "plan", "--file", bad])).stderr).toMatch(/task "nope" not found/);
    expect(repo.logs()).toEqual(before);
  });

  it("links a task to a mission feature, checking it exists", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const mid = (await cli.json(["mission", "create", "--file", fixture("plans", "overview.json")])).mission.id;
    expect((await cli.json(["task", "create", "Impl auth", "--feature", "auth-impl", "--mission", mid])).task.feature).toEqual({ missionId: mid, featureId: "auth-impl" });
    expect((await cli.run(["task", "create", "x", "--feature", "ghost", "--mission", mid])).stderr).toMatch(/feature "ghost" not found/);
  });

  it("answers `task ready` from the saved top of the queue only while the log has not moved", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const plan = join(repo.dir, "tasks.json");
    const tasks = Array.from({ length: 120 }, (_, i) => ({ name: `t${i}`, title: `Task ${i}`, priority: `P${i % 5}`, ...(i % 7 === 6 ? { blockedBy: [`t${i - 1}`] } : {}) }));
    writeFileSync(plan, JSON.stringify({ tasks }));
    await cli.ok(["task", "plan", "--file", plan]);
    const view = join(repo.dir, ".maestro/.cache/views/tasks-ready.json");
    const folded = async () => {
      rmSync(join(repo.dir, ".maestro/.cache"), { recursive: true, force: true });
      return await cli.json(["task", "ready", "--limit", "20"]);
    };
    const fromView = await cli.json(["task", "ready", "--limit", "20"]);
    expect(fromView.map((t: any) => t.slug)).toEqual((await folded()).map((t: any) => t.slug));
    expect(fromView).toEqual(await cli.json(["task", "ready", "--limit", "20"]));

    // a view that still matches the log is what answers: an edit to it shows
    const edit = () => writeFileSync(view, readFileSync(view, "latin1").replace('"title":"Task 0"', '"title":"Edited"'), "latin1");
    edit();
    expect((await cli.json(["task", "ready", "--limit", "1"]))[0].title).toBe("Edited");
    // a writer moves the log and saves the view again
    await cli.ok(["task", "create", "Urgent", "-p", "P0"]);
    const after = await cli.json(["task", "ready", "--limit", "3"]);
    expect(after.map((t: any) => t.title)).toEqual(["Task 0", "Task 5", "Task 10"]);
    expect((await cli.json(["task", "ready", "--limit", "200"])).map((t: any) => t.title)).toContain("Urgent");
    // bytes the view does not know of (a torn write) make it stale: the answer is folded
    edit();
    appendFileSync(join(repo.dir, ".maestro/tasks/tasks.jsonl"), '{"seq":');
    expect((await cli.json(["task", "ready", "--limit", "1"]))[0].title).toBe("Task 0");
    // more than it holds (100) is folded too, and is the whole queue in rank order
    const all = await cli.json(["task", "ready"]);
    expect(all).toHaveLength(104);
    expect(all.slice(0, 3).map((t: any) => t.priority)).toEqual(["P0", "P0", "P0"]);
    expect(await cli.json(["task", "ready", "--limit", "101"])).toEqual(all.slice(0, 101));
  });

  it("refuses bad input with one line and no change to the log", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const a = (await cli.json(["task", "create", "A"])).task.id;
    const b = (await cli.json(["task", "create", "B", "--blocked-by", a])).task.id;
    const cases: [string[], number, RegExp][] = [
      [["task", "block", b, a], 1, /cycle/],
      [["task", "block", a, a], 1, /cannot block itself/],
      [["task", "block", a, "tsk_nope"], 2, /task "tsk_nope" not found/],
      [["task", "claim", "tsk_nope"], 2, /not found/],
      [["task", "claim", b], 1, /blocked by/],
      [["task", "create", "C", "--priority", "P9"], 1, /--priority must be one of P0/],
      [["task", "create", "C", "--type", "story"], 1, /--type must be one of task, bug/],
      [["task", "create", "C", "--slug", "../etc"], 1, /--slug "\.\.\/etc": use lowercase letters, digits/],
      [["task", "create", "C", "--slug", "a"], 3, /slug "a" is taken/],
      [["task", "create", "C", "--blocked-by", "ghost"], 2, /ghost/],
      [["task", "update", a, "--status", "completed"], 1, /claim it before completing/],
      [["task", "update", a], 1, /nothing to update/],
      [["task", "claim", a, "--stale-after", "soon"], 1, /--stale-after takes a duration/],
      [["task", "unclaim", a], 1, /is pending, not claimed/],
      [["task", "reopen", a], 1, /only a completed or cancelled task can be reopened/],
      [["task", "show", a, "--at", "5"], 1, /--at 5 is outside the tasks stream/],
    ];
    for (const [args, code, message] of cases) {
      const before = repo.logs();
      const r = await cli.run(args);
      expect([args.join(" "), r.code]).toEqual([args.join(" "), code]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(repo.logs()).toEqual(before);
    }
  });
});
