// What each run changed and what it cost, recorded as facts: real agent processes (the fakes,
// speaking each CLI's machine-readable stream) in real git repositories, worktrees, after a
// reset, and outside git.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { approvedMission, BIN, fixture, git, makeRepo, type Repo } from "@maestro/testkit";

const agents = (extra: NodeJS.ProcessEnv = {}) => ({ env: { PATH: `${fixture("agents")}:${process.env.PATH}`, ...extra } });
const head = (r: Repo, cwd = r.dir) => git(r, ["rev-parse", "HEAD"], cwd).trim();

describe("a run's provenance", () => {
  it("records where it started, the commits it made and every file it changed, committed or not, and what it used as its CLI reported it", () => {
    const repo = makeRepo();
    writeFileSync(join(repo.dir, "old.txt"), "one\ntwo\nthree\n");
    git(repo, ["add", "old.txt"]);
    git(repo, ["commit", "-q", "-m", "old"]);
    const before = head(repo);
    const run = repo.json(["handoff", "Add a greeting", "--agent", "claude", "--wait"], agents({ FAKE_AGENT_COMMIT: "hello.txt=hi\nthere\n", FAKE_AGENT_EDIT: "old.txt=one\n2\n", FAKE_AGENT_USAGE: JSON.stringify({ input: 1200, output: 34, cached: 500, costUsd: 0.0123, model: "claude-test-1" }) }));
    expect(run.status).toBe("completed");
    const shown = repo.json(["handoff", "show", run.id]);
    expect(shown.git).toEqual({
      before: { head: before, branch: "main", worktree: expect.stringMatching(/maestro-repo-/) },
      after: { head: head(repo), branch: "main" },
      commits: [{ sha: head(repo), subject: "claude: add hello.txt", author: "Fake Agent <fake@agent.test>" }],
      files: [
        { path: "hello.txt", added: 2, removed: 0, uncommitted: false },
        { path: "old.txt", added: 1, removed: 2, uncommitted: true },
      ],
      baseReachable: true,
      unavailable: null,
    });
    expect(shown.usage).toEqual({ inputTokens: 1200, outputTokens: 34, cachedTokens: 500, model: "claude-test-1", costUsd: 0.0123, estimated: false });
  });

  it("estimates a cost the CLI does not report from prices.<model>, and says so; without a price the cost is unknown", () => {
    const repo = makeRepo();
    const usage = { FAKE_AGENT_USAGE: JSON.stringify({ input: 2_000_000, output: 100_000, cached: 1_000_000 }) };
    // (Codex's stream names no model: the run's is the one it was started with)
    const unpriced = repo.json(["handoff", "x", "--agent", "codex", "--wait", "--model", "gpt-test"], agents(usage));
    expect(unpriced.usage).toEqual({ inputTokens: 2_000_000, outputTokens: 100_000, cachedTokens: 1_000_000, model: "gpt-test", costUsd: null, estimated: false });
    repo.ok(["config", "set", "prices.gpt-test", "1.25/10/0.125", "--project"]);
    // (input 1m at $1.25, cached 1m at $0.125, output 0.1m at $10)
    const priced = repo.json(["handoff", "y", "--agent", "codex", "--wait", "--model", "gpt-test"], agents(usage));
    expect(priced.usage).toMatchObject({ costUsd: 2.375, estimated: true });
    // Gemini counts per model: each at its own price
    repo.ok(["config", "set", "prices.gemini-fake-model", "1/4", "--project"]);
    expect(repo.json(["handoff", "z", "--agent", "gemini", "--wait"], agents()).usage).toEqual({ inputTokens: 1000, outputTokens: 100, cachedTokens: 0, model: "gemini-fake-model", costUsd: 0.0014, estimated: true });
  });

  it("runs outside git, recording git as not available, never as an error", () => {
    const repo = makeRepo({ git: false });
    const run = repo.json(["handoff", "x", "--agent", "codex", "--wait"], agents());
    expect(run.status).toBe("completed");
    expect(run.git).toMatchObject({ before: null, commits: [], files: [], unavailable: "not a git repository" });
  });

  it("in a worktree, records the worktree's branch and commits", () => {
    const repo = makeRepo();
    const run = repo.json(["handoff", "x", "--agent", "codex", "--wait", "--worktree", "feat-x"], agents({ FAKE_AGENT_COMMIT: "a.txt=a\n" }));
    expect(run.git.before).toMatchObject({ head: head(repo), branch: "feat-x", worktree: run.worktree.path });
    expect(run.git.after.branch).toBe("feat-x");
    expect(run.git.commits.map((c: any) => c.subject)).toEqual(["codex: add a.txt"]);
    // the main checkout did not move
    expect(run.git.after.head).not.toBe(head(repo));
  });
});

describe("budgets", () => {
  it("stop a run that passes its own budget while it streams, recorded over budget", () => {
    const repo = makeRepo();
    // (each message reports 600 tokens, then the agent would hang: only the budget ends it; --timeout bounds a failure)
    const r = repo.run(["handoff", "x", "--agent", "claude", "--wait", "--json", "--budget", "1000 tokens", "--timeout", "2m"], agents({ FAKE_AGENT_STEPS: "3", FAKE_AGENT_USAGE: JSON.stringify({ input: 400, output: 200 }), FAKE_AGENT_HANG: "1" }));
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/was stopped over its budget \(spent \d+ of 1000 tokens\)/);
    const run = JSON.parse(r.stdout);
    expect(run).toMatchObject({ status: "failed", timedOut: false, budget: { tokens: 1000 }, overBudget: expect.stringMatching(/^spent (1200|1800) of 1000 tokens$/) });
  });

  it("refuse a launch past what the mission may spend, naming what it spent, and change nothing", () => {
    const repo = makeRepo();
    const mission = approvedMission(repo);
    repo.ok(["config", "set", "budget.mission", "$0.015", "--project"]);
    const usage = agents({ FAKE_AGENT_USAGE: JSON.stringify({ costUsd: 0.01 }) });
    expect(repo.json(["handoff", "one", "--agent", "claude", "--wait", "--mission", mission], usage).usage.costUsd).toBe(0.01);
    // a run whose own budget could take the mission past its budget
    const before = repo.logs();
    const r = repo.run(["handoff", "two", "--agent", "claude", "--wait", "--mission", mission, "--budget", "$0.01"], usage);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`^error: mission ${mission} has spent \\$0\\.01 of \\$0\\.015 \\(budget\\.mission\\) over 1 run\\(s\\); a run with a budget of \\$0\\.01 could take it past`));
    expect(repo.logs()).toEqual(before);
    expect(repo.json(["handoff", "list"])).toHaveLength(1);
    // within what is left it runs; once spent, nothing more launches
    repo.ok(["handoff", "three", "--agent", "claude", "--wait", "--mission", mission], usage);
    const spent = repo.run(["handoff", "four", "--agent", "claude", "--wait", "--mission", mission, "--json"], usage);
    expect([spent.code, JSON.parse(spent.stderr).error.condition]).toEqual([3, "BudgetExceeded"]);
    // mission show, status and Mission Control say what was spent, against the budget
    expect(repo.json(["mission", "show", mission]).spend).toMatchObject({ spent: { costUsd: 0.02, runs: 2 }, budget: { usd: 0.015, text: "$0.02 of $0.015", over: true } });
    expect(repo.ok(["mission", "show", mission])).toMatch(/spent \$0\.02 of \$0\.015 \(budget\.mission\): over budget/);
    expect(repo.json(["status"]).missions[0].spend.budget.text).toBe("$0.02 of $0.015");
    expect(repo.ok(["mc", "--preview", "handoffs", "--size", "160x40"])).toMatch(/COST\s+FILES[\s\S]*\$0\.01\s/);
    // a budget that is not one is refused as such
    expect(repo.run(["handoff", "x", "--agent", "claude", "--budget", "lots"], usage)).toMatchObject({ code: 1, stderr: expect.stringMatching(/--budget takes dollars or tokens, like \$5/) });
  });
});

describe("maestro audit", () => {
  it("answers, per run in order, who, why, what it said, what it did and what it cost, with totals; as JSON and as markdown", () => {
    const repo = makeRepo();
    const mission = approvedMission(repo);
    const env = (usage: object, extra: NodeJS.ProcessEnv = {}) => agents({ FAKE_AGENT_MAESTRO: BIN, FAKE_AGENT_USAGE: JSON.stringify(usage), ...extra });
    // the first attempt is kicked back by a gate; the second replies, commits and leaves an edit
    const first = repo.json(["handoff", "Implement auth-plan", "--agent", "claude", "--wait", "--mission", mission, "--feature", "auth-plan"], env({ costUsd: 0.02, input: 900, output: 90 }, { FAKE_AGENT_REPLY: "completed-no-assumptions" }));
    const second = repo.json(["handoff", "Implement auth-plan again", "--agent", "claude", "--wait", "--mission", mission, "--feature", "auth-plan"], env({ costUsd: 0.03, input: 1100, output: 110 }, { FAKE_AGENT_REPLY: "completed", FAKE_AGENT_COMMIT: "auth.ts=export {};\n", FAKE_AGENT_EDIT: "notes.md=todo\n" }));
    const a = repo.json(["audit", "--mission", mission]);
    expect(a.runs.map((r: any) => r.id)).toEqual([first.id, second.id]);
    const [r1, r2] = a.runs;
    expect(r1).toMatchObject({ who: { agent: "claude", model: "claude-fake-model", session: `claude:${first.id}` }, why: { featureId: "auth-plan", missionId: mission, earlier: [] } });
    expect(r1.said).toEqual([expect.objectContaining({ outcome: "completed", result: "kicked-back", gates: expect.arrayContaining([expect.objectContaining({ principleId: "think-before-coding", passed: false })]) })]);
    expect(r2.why.earlier).toEqual([{ id: first.id, status: "completed" }]);
    expect(r2.said).toEqual([expect.objectContaining({ result: "completed" })]);
    expect(r2.git.commits.map((c: any) => c.subject)).toEqual(["claude: add auth.ts"]);
    expect(r2.git.files.map((f: any) => [f.path, f.added, f.removed, f.uncommitted])).toEqual([
      ["auth.ts", 1, 0, false],
      ["notes.md", 1, 0, true],
    ]);
    expect(a.totals).toEqual({ runs: 2, costUsd: 0.05, inputTokens: 2000, outputTokens: 200, cachedTokens: 0, filesChanged: 2, unpriced: 0, estimated: false });
    expect(a.rollups.features).toEqual([expect.objectContaining({ key: `${mission}/auth-plan`, runs: 2, costUsd: 0.05 })]);
    expect(repo.json(["audit", "--handoff", first.id]).runs).toHaveLength(1);
    expect(repo.json(["audit", "--by", `claude:${second.id}`]).runs.map((r: any) => r.id)).toEqual([second.id]);
    // a reset drops the commit: the audit says so
    git(repo, ["reset", "-q", "--hard", "HEAD~1"]);
    expect(repo.json(["audit", "--handoff", second.id]).runs[0].unreachable).toEqual([r2.git.commits[0].sha]);
    const md = repo.ok(["audit", "--mission", mission, "--format", "md"]);
    expect(md).toMatch(/^## Agent runs\n\n2 run\(s\), \$0\.05, 2000 tokens in, 200 out, 2 file\(s\) changed\.\n/);
    expect(md).toContain(`| \`${second.id}\` | claude (claude-fake-model) | completed |`);
    expect(md).toContain("(no longer reachable)");
    expect(md).toContain("`notes.md` +1 -0 (uncommitted)");
    // bad input: a clear line, nothing written
    for (const [args, code] of [[["audit", "--mission", "msn_nope"], 2], [["audit", "--format", "html"], 1], [["audit", "--handoff", "hof_nope"], 2]] as const) expect(repo.run([...args]).code).toBe(code);
  });
});

describe("a run's changes", () => {
  it("leave out what was already changed or untracked when it started and that it did not touch", () => {
    const repo = makeRepo();
    writeFileSync(join(repo.dir, "mine.txt"), "the user's own work\n");
    const run = repo.json(["handoff", "x", "--agent", "codex", "--wait"], agents({ FAKE_AGENT_EDIT: "theirs.txt=agent\n" }));
    expect(run.git.files.map((f: any) => f.path)).toEqual(["theirs.txt"]);
  });
});

describe("scope", () => {
  it("refuses a task's completion whose work since the claim strays from its scope, naming the paths, and records the work of one that keeps to it", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Fix the parser", "--slug", "parser", "--scope", '{"files":["src/**"],"forbidden":["db/**"],"maxFiles":2}', "--done-when", "the parser tests pass"]);
    repo.ok(["task", "claim", "parser"]);
    const claimedAt = head(repo);
    expect(repo.json(["log", "--tasks", "--type", "TaskClaimed"])[0].data.head).toBe(claimedAt);
    // every way of claiming records it: a status move to in_progress, a plan's --start
    repo.ok(["task", "create", "Other", "--slug", "other"]);
    repo.ok(["task", "update", "other", "--status", "in_progress"], { env: { MAESTRO_SESSION: "someone" } });
    writeFileSync(join(repo.dir, "..", "plan.json"), JSON.stringify({ tasks: [{ name: "p", title: "Planned" }] }));
    repo.ok(["task", "plan", "--file", join(repo.dir, "..", "plan.json"), "--start", "p"], { env: { MAESTRO_SESSION: "planner" } });
    expect(repo.json(["log", "--tasks", "--type", "TaskClaimed"]).map((e: any) => e.data.head)).toEqual([claimedAt, claimedAt, claimedAt]);
    mkdirSync(join(repo.dir, "src"));
    mkdirSync(join(repo.dir, "db"));
    writeFileSync(join(repo.dir, "src", "parse.ts"), "export {};\n");
    git(repo, ["add", "src"]);
    git(repo, ["commit", "-q", "-m", "parse"]);
    writeFileSync(join(repo.dir, "db", "schema.sql"), "drop table x;\n");
    writeFileSync(join(repo.dir, "README.md"), "hi\n");
    const before = repo.logs();
    const r = repo.run(["task", "update", "parser", "--status", "completed", "--reason", "done", "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stderr).error).toMatchObject({ condition: "OutOfScope", message: expect.stringContaining("forbidden files touched: db/schema.sql; files outside scope (src/**): README.md; 3 files changed, more than maxFiles 2") });
    expect(repo.logs()).toEqual(before);
    rmSync(join(repo.dir, "db"), { recursive: true });
    rmSync(join(repo.dir, "README.md"));
    repo.ok(["task", "update", "parser", "--status", "completed", "--reason", "done"]);
    const done = repo.json(["task", "show", "parser"]);
    expect(done.completion.changes).toMatchObject({ commits: [{ subject: "parse" }], files: [{ path: "src/parse.ts", added: 1, removed: 0, uncommitted: false }] });
    expect(done.doneWhen).toEqual(["the parser tests pass"]);
    // a scope that is not one is refused as such
    expect(repo.run(["task", "create", "x", "--scope", "src/**"])).toMatchObject({ code: 1, stderr: expect.stringMatching(/--scope takes a JSON object/) });
    expect(repo.run(["task", "create", "x", "--scope", '{"maxFiles":0}']).code).toBe(1);
  });

  it("kicks back a feature's reply whose run touched a file its scope forbids, and the next brief says why", () => {
    const repo = makeRepo();
    const plan = JSON.parse(readFileSync(fixture("plans", "overview.json"), "utf8"));
    plan.features[0].scope = { forbidden: ["secrets/**"] };
    plan.features[0].doneWhen = ["the auth plan is written down"];
    const file = join(repo.dir, "..", "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const mission = repo.json(["mission", "create", "--file", file]).mission.id;
    repo.ok(["mission", "approve", mission]);
    const feature = plan.features[0].id;
    mkdirSync(join(repo.dir, "secrets"));
    const run = repo.json(["handoff", "Plan it", "--agent", "codex", "--wait", "--mission", mission, "--feature", feature], agents({ FAKE_AGENT_MAESTRO: BIN, FAKE_AGENT_REPLY: "completed", FAKE_AGENT_EDIT: "secrets/key.txt=hunter2\n" }));
    const brief = readFileSync(run.promptPath, "utf8");
    expect(brief).toContain("- Scope: Never touch: secrets/**");
    expect(brief).toContain("Done when:\n- the auth plan is written down");
    const [said] = repo.json(["audit", "--handoff", run.id]).runs[0].said;
    expect(said).toMatchObject({ result: "kicked-back", gates: expect.arrayContaining([{ principleId: "scope", passed: false, detail: "forbidden files touched: secrets/key.txt" }]) });
    expect(repo.json(["feature", "show", feature, "-m", mission]).status).toBe("pending");
    const next = repo.json(["handoff", "Plan it again", "--agent", "codex", "--wait", "--mission", mission, "--feature", feature], agents());
    expect(readFileSync(next.promptPath, "utf8")).toContain("gate scope failed (forbidden files touched: secrets/key.txt)");
  });
});
