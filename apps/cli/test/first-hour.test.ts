// What a new user met in the first hour (issue 24), each now what a careful user expects:
// through the real CLI (main in-process, the same code path minus the process start).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { approvedMission, fixture, makeRepo } from "@maestro/testkit";
import { inProcess } from "./in-process.js";

describe("a new user's first hour", () => {
  it("task update --status cancelled cancels, as task cancel does (and needs its --reason)", async () => {
    const cli = inProcess(makeRepo());
    await cli.ok(["task", "create", "Dup", "--slug", "dup"]);
    await cli.refused(["task", "update", "dup", "--status", "cancelled"], "InvalidValue");
    expect(await cli.ok(["task", "update", "dup", "--status", "cancelled", "--reason", "dup"])).toMatch(/is cancelled/);
    expect((await cli.json(["task", "show", "dup"])).completion).toMatchObject({ reason: "dup" });
  });

  it("checkpoint restore --at past the last event is refused, as mission show --at is", async () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const cli = inProcess(repo);
    const show = await cli.refused(["mission", "show", id, "--at", "9999"], "InvalidValue");
    const restore = await cli.refused(["checkpoint", "restore", "--at", "9999", "-m", id, "--yes"], "InvalidValue");
    expect(restore).toBe(show);
    await cli.refused(["checkpoint", "restore", "--at", "9999", "-m", id, "--dry-run"], "InvalidValue");
  });

  it("principle outcome refuses a handoff this machine never launched", async () => {
    const cli = inProcess(makeRepo());
    expect(await cli.refused(["principle", "outcome", "think-before-coding", "helpful", "--handoff", "hof_nope"], "HandoffNotFound")).toMatch(/handoff "hof_nope" not found/);
    expect(await cli.json(["principle", "stats"])).not.toContainEqual(expect.objectContaining({ helpful: 1 }));
  });

  it("cancelling the middle of a chain keeps what waited on it waiting on what the cancelled task waited on; status counts cancelled apart", async () => {
    const cli = inProcess(makeRepo());
    await cli.ok(["task", "create", "Schema", "--slug", "schema"]);
    await cli.ok(["task", "create", "Migrate", "--slug", "migr", "--blocked-by", "schema"]);
    await cli.ok(["task", "create", "API", "--slug", "api", "--blocked-by", "migr"]);
    await cli.ok(["task", "create", "UI", "--slug", "ui", "--blocked-by", "api"]);
    const out = await cli.ok(["task", "cancel", "api", "--reason", "folded into migr"]);
    expect(out).not.toMatch(/now ready/);
    expect((await cli.json(["task", "ready"])).map((t: any) => t.slug)).toEqual(["schema"]);
    expect((await cli.json(["task", "show", "ui"])).openBlockers).toEqual([(await cli.json(["task", "show", "migr"])).id]);
    expect(await cli.ok(["task", "status"])).toMatch(/0 completed, 1 cancelled/);
  });

  it("a mistyped sub-command gets a did-you-mean; counts read as English", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    expect(await cli.refused(["task", "lst"], "UsageError")).toBe('error: unknown command "lst"; did you mean `maestro task list`?; see `maestro task --help`\n');
  });

  it("init outside git says what git is needed for", async () => {
    const repo = makeRepo({ git: false, init: false });
    const r = await inProcess(repo).run(["init"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: \S+ is not a git repository: sync, worktrees and the git facts of a brief need one \(git init\)\n$/);
  });
});

describe("a new user's first hour, with agents", () => {
  const agents = (repo: ReturnType<typeof makeRepo>) => ({ env: { PATH: `${fixture("agents")}:${process.env.PATH}`, FAKE_AGENT_RECORD: join(repo.home, "agent.json") } });

  it("a handoff whose text names a feature says how to link it; --wait --json carries the output tail; status's open packets are what pickup takes", async () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const cli = inProcess(repo);
    const r = await cli.run(["handoff", `Implement auth-impl for mission ${id}`, "--agent", "codex", "--wait", "--json"], agents(repo));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: the task names feature auth-impl of mission ${id}; link it with --mission ${id} --feature auth-impl`);
    // (its stderr as it came, its stdout's messages read out of its JSON stream: in either order)
    expect(JSON.parse(r.stdout).outputTail).toEqual(expect.arrayContaining([expect.stringMatching(/^codex: read \d+ bytes of brief$/), "codex: a line on stderr"]));
    // a finished run is no open packet: status and pickup agree
    expect((await cli.json(["status"])).handoffs.open).toEqual([]);
    await cli.refused(["handoff", "pickup"], "NoOpenHandoff");
  });

  it("--worktree says what is wrong: no commit yet, or no git at all", async () => {
    const fresh = makeRepo({ git: false });
    spawnSync("git", ["init", "-q"], { cwd: fresh.dir });
    expect(await inProcess(fresh).refused(["handoff", "x", "--agent", "codex", "--worktree"], "InvalidValue", agents(fresh))).toMatch(/has no commit yet \(git commit first\)/);
    const none = makeRepo({ git: false });
    expect(await inProcess(none).refused(["handoff", "x", "--agent", "codex", "--worktree"], "NotAGitRepository", agents(none))).toMatch(/is not a git repository \(git init\)/);
  });

  it("task plan sums up past a screenful; doctor shows an agent's version, not whatever it printed", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const file = join(repo.dir, "big.json");
    writeFileSync(file, JSON.stringify({ tasks: Array.from({ length: 60 }, (_, i) => ({ name: `t${i}`, title: `Task ${i}` })) }));
    const out = await cli.ok(["task", "plan", "--file", file]);
    expect(out.trimEnd().split("\n").length).toBeLessThan(30);
    expect(out).toMatch(/… and 40 more: `maestro task list`/);
    const agent = (await cli.json(["doctor"], agents(repo))).findings.find((f: any) => f.check === "agent" && f.what.startsWith("codex"));
    expect(agent.what).toBe("codex: found (its --version printed no version)");
  });
});

describe("a new user's mistakes in files", () => {
  it("a plan's errors are said in words, each path, up to three at once", async () => {
    const repo = makeRepo();
    const file = join(repo.dir, "bad.json");
    writeFileSync(file, JSON.stringify({ tasks: [{ name: "a", title: "A", priority: "P9" }, { name: "b", title: "", priority: "P1" }, { title: "no name" }] }));
    expect(await inProcess(repo).refused(["task", "plan", "--file", file], "InvalidFile")).toBe(
      `error: ${file}: tasks[0].priority must be one of P0, P1, P2, P3, P4, got "P9"; tasks[1].title: must not be empty; tasks[2].name is required\n`,
    );
  });

  it("a reply report's wrong item is said as what it must be, not in the library's words", async () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const file = join(repo.dir, "report.json");
    writeFileSync(file, JSON.stringify({ salientSummary: "x", discoveredIssues: ["oops"] }));
    expect(await inProcess(repo).refused(["reply", "write", "auth-plan", "-m", id, "--outcome", "completed", "--file", file], "InvalidFile")).toBe(`error: ${file}: discoveredIssues[0] must be an object, got "oops"\n`);
  });
});

describe("ids and next steps", () => {
  it("a unique id prefix names a task; a cycle is said in slugs", async () => {
    const cli = inProcess(makeRepo());
    const a = (await cli.json(["task", "create", "Alpha", "--slug", "alpha"])).task.id as string;
    await cli.ok(["task", "create", "Beta", "--slug", "beta", "--blocked-by", "alpha"]);
    expect((await cli.json(["task", "show", a.slice(0, 8)])).id).toBe(a);
    await cli.refused(["task", "show", "tsk_"], "TaskNotFound");
    expect(await cli.refused(["task", "block", "beta", "alpha"], "BlockerCycle")).toMatch(/cycle: (alpha -> beta -> alpha|beta -> alpha -> beta)/);
  });

  it("the last seal names the next command: mission complete", async () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const cli = inProcess(repo);
    await cli.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    await cli.ok(["feature", "update", "auth-plan", "-m", id, "--status", "review"]);
    expect(await cli.ok(["milestone", "seal", "plan", "-m", id])).not.toMatch(/next: maestro mission complete/);
    await cli.ok(["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"]);
    await cli.ok(["feature", "update", "auth-impl", "-m", id, "--status", "review"]);
    await cli.ok(["validate", "update", "auth-login-works", "-m", id, "--result", "passed", "--evidence", "pnpm test"]);
    const last = await cli.ok(["milestone", "seal", "implement", "-m", id]);
    expect(last).toMatch(new RegExp(`next: maestro mission complete ${id}\\n$`));
    await cli.ok(["mission", "complete", id]);
  });
});

describe("the product description's loop, typed as written", () => {
  it("each step succeeds, or is refused naming the exact next command", async () => {
    const repo = makeRepo();
    const cli = inProcess(repo);
    const env = { PATH: `${fixture("agents")}:${process.env.PATH}` };
    writeFileSync(join(repo.dir, "plan.json"), readFileSync(fixture("plans", "overview.json")));
    // (relative paths, as typed: they are the command's directory's, also when main runs in-process)
    const id = (await cli.json(["mission", "create", "--file", "plan.json"])).mission.id as string;
    let handoff = "";
    const steps: (() => string[])[] = [
      () => ["mission", "list"],
      () => ["mission", "approve", id],
      () => ["feature", "list", "--mission", id],
      () => ["feature", "prompt", "auth-impl", "--mission", id, "--out", "agent-prompt.md"],
      () => ["handoff", `Implement auth-impl for mission ${id} and run the listed verification steps before stopping`, "--agent", "codex"],
      () => ["handoff", "Review auth-impl before merge", "--agent", "claude", "--worktree", "auth-review"],
      () => ["handoff", "Finish auth-impl and wait for the result", "--agent", "codex", "--wait", "--json"],
      () => ["handoff", "pickup", "--id", handoff, "--json"],
      () => ["feature", "update", "auth-impl", "--mission", id, "--status", "in-progress"],
      () => ["feature", "update", "auth-impl", "--mission", id, "--status", "review"],
      () => ["validate", "show", "--mission", id],
      () => ["validate", "update", "auth-login-works", "--mission", id, "--result", "passed", "--evidence", "bun test"],
      () => ["checkpoint", "save", "--mission", id],
      () => ["milestone", "seal", "implement", "--mission", id],
    ];
    for (const step of steps) {
      const args = step();
      const r = await cli.run(args, { env });
      if (args[0] === "handoff" && args[1] !== "pickup" && r.code === 0 && !handoff) handoff = (JSON.parse((await cli.run(["handoff", "list", "--json"])).stdout) as { id: string }[])[0]!.id;
      if (args[1] === "prompt") expect(readFileSync(join(repo.dir, "agent-prompt.md"), "utf8")).toMatch(/^# Feature auth-impl/);
      if (r.code === 0) continue;
      // refused: one line that names the exact command to run next
      expect([args.join(" "), r.stderr]).toEqual([args.join(" "), expect.stringMatching(/^error: .*`maestro [^`]+`.*\n$/)]);
    }
  });
});
