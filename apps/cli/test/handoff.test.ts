import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, fixture, makeRepo, type Repo } from "@maestro/testkit";

const AGENTS = fixture("agents");
const withAgents = (repo: Repo, extra: NodeJS.ProcessEnv = {}) => ({ env: { PATH: `${AGENTS}:${process.env.PATH}`, FAKE_AGENT_RECORD: join(repo.home, "agent.json"), ...extra } });
const recorded = (repo: Repo) => JSON.parse(readFileSync(join(repo.home, "agent.json"), "utf8"));
const until = async (check: () => boolean, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("handoff launches", () => {
  it("builds each adapter's argv, passes the brief on stdin from prompt.md, and sets the child's actor", () => {
    const repo = makeRepo();
    const expected: Record<string, (dir: string) => string[]> = {
      // (each in its machine-readable mode: maestro reads what the run did and used from it)
      codex: (dir) => ["exec", "--json", "-m", "gpt-5.4", "-C", dir, "--skip-git-repo-check", "-"],
      claude: () => ["-p", "--output-format", "stream-json", "--verbose", "--model", "opus"],
      gemini: () => ["-p", "Follow the task brief given on standard input. Work in the current directory.", "--output-format", "stream-json"],
    };
    for (const agent of ["codex", "claude", "gemini"]) {
      const rec = repo.json(["handoff", `do it with ${agent}`, "--agent", agent, "--wait"], withAgents(repo));
      expect(rec.status).toBe("completed");
      expect(rec.exitCode).toBe(0);
      const got = recorded(repo);
      expect(got.argv).toEqual(expected[agent]!(repo.dir));
      expect(realpathSync(got.cwd)).toBe(realpathSync(repo.dir));
      expect(got.stdin.kind).toBe("file");
      expect(got.stdin.text).toBe(readFileSync(rec.promptPath, "utf8"));
      expect(got.env).toMatchObject({ MAESTRO_ACTOR: `${agent}:${rec.id}`, MAESTRO_HANDOFF_ID: rec.id, MAESTRO_SESSION: `${agent}:${rec.id}` });
      expect(rec.argv.slice(1)).toEqual(expected[agent]!(repo.dir));
      // people read the agent's text (its stderr as it came, its stdout's messages out of their JSON), and the stream is kept as it came
      const log = readFileSync(rec.outputPath, "utf8").split("\n");
      expect(log).toContain(`${agent}: a line on stderr`);
      expect(log.find((l) => l.startsWith(`${agent}: read `))).toMatch(/^\w+: read \d+ bytes of brief$/);
      expect(log.some((l) => l.startsWith("{"))).toBe(false);
      expect(readFileSync(join(dirname(rec.outputPath), "agent.ndjson"), "utf8").split("\n").filter(Boolean).every((l) => JSON.parse(l))).toBe(true);
    }
    const withModel = repo.json(["handoff", "x", "--agent", "gemini", "--model", "gemini-3-pro", "--wait"], withAgents(repo));
    expect(withModel.argv.slice(-2)).toEqual(["-m", "gemini-3-pro"]);
  });

  it("passes a prompt full of shell metacharacters and newlines verbatim, executing nothing", () => {
    const repo = makeRepo();
    const marker = join(repo.dir, "pwned");
    const task = `Fix it; touch ${marker} && echo $(touch ${marker}) \`touch ${marker}\`\n'quotes' "double" | > < * ? ~ $HOME\nline three`;
    const rec = repo.json(["handoff", task, "--agent", "claude", "--wait"], withAgents(repo));
    expect(existsSync(marker)).toBe(false);
    expect(rec.task).toBe(task);
    expect(recorded(repo).stdin.text).toContain(task);
    expect(recorded(repo).argv).not.toContain(task);
  });

  it("returns at once when detached, and a supervisor records the exit after the launcher has exited", async () => {
    const repo = makeRepo();
    const rec = repo.json(["handoff", "slow job", "--agent", "codex"], withAgents(repo, { FAKE_AGENT_HANG: "1" }));
    expect(rec.status).toBe("launched");
    expect(rec.pid).toBeGreaterThan(0);
    expect(repo.json(["handoff", "show", rec.id]).status).toBe("launched");
    process.kill(-rec.pid, "SIGTERM");
    await until(() => repo.json(["handoff", "show", rec.id]).status !== "launched");
    const done = repo.json(["handoff", "show", rec.id]);
    expect(done).toMatchObject({ status: "failed", signal: "SIGTERM", exitCode: null });
    expect(done.endedAt).not.toBeNull();

    const quick = repo.json(["handoff", "quick job", "--agent", "codex"], withAgents(repo, { FAKE_AGENT_EXIT: "0" }));
    await until(() => repo.json(["handoff", "show", quick.id]).status === "completed");
    expect(existsSync(join(repo.home, "handoff", quick.id, "handoff.json"))).toBe(true);
  });

  it("records a non-zero exit as failed with --wait, and --timeout kills a hung run", () => {
    const repo = makeRepo();
    const failed = repo.run(["handoff", "x", "--agent", "codex", "--wait", "--json"], withAgents(repo, { FAKE_AGENT_EXIT: "7" }));
    expect(failed.code).toBe(6);
    expect(JSON.parse(failed.stdout)).toMatchObject({ status: "failed", exitCode: 7, timedOut: false });
    const hung = repo.run(["handoff", "x", "--agent", "codex", "--wait", "--timeout", "1s", "--json"], withAgents(repo, { FAKE_AGENT_HANG: "1" }));
    expect(hung.code).toBe(7);
    expect(JSON.parse(hung.stdout)).toMatchObject({ status: "failed", timedOut: true, signal: "SIGTERM" });
  });

  it("fails clearly when the agent binary is missing, naming it and its override", () => {
    const repo = makeRepo();
    const r = repo.run(["handoff", "x", "--agent", "codex", "--wait"], { env: { PATH: "/usr/bin:/bin", MAESTRO_CODEX_BIN: "codex-nope" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: agent binary "codex-nope" not found on PATH; install codex or point MAESTRO_CODEX_BIN at it \(handoff hof_\w+ recorded as failed\)\n$/);
    const [rec] = repo.json(["handoff", "list"]);
    expect(rec).toMatchObject({ status: "failed", error: 'agent binary "codex-nope" not found on PATH' });
    expect(repo.run(["handoff", "x", "--agent", "devin"]).stderr).toMatch(/--agent must be one of codex, claude, gemini/);
  });

  it("fills the brief's sections from a real mission feature and task, and records the links", () => {
    const repo = makeRepo();
    const mid = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    // auth-impl depends on auth-plan: plan it first
    repo.ok(["mission", "approve", mid]);
    repo.ok(["feature", "update", "auth-plan", "-m", mid, "--status", "in-progress"]);
    repo.ok(["feature", "update", "auth-plan", "-m", mid, "--status", "review"]);
    repo.ok(["milestone", "seal", "plan", "-m", mid]);
    const tid = repo.json(["task", "create", "Implement auth", "--feature", "auth-impl", "--mission", mid]).task.id;
    repo.ok(["task", "claim", tid], { env: { MAESTRO_SESSION: "op" } });
    repo.ok(["task", "update", tid, "--current-state", "login form done", "--next-action", "wire the session store", "--add-decision", "use signed cookies"], { env: { MAESTRO_SESSION: "op" } });
    const first = JSON.parse(repo.run(["handoff", "first try", "--agent", "codex", "--wait", "--json", "--mission", mid, "--feature", "auth-impl", "--task-id", tid], withAgents(repo, { FAKE_AGENT_EXIT: "1" })).stdout);
    const rec = repo.json(["handoff", "Implement auth-impl", "--agent", "claude", "--wait", "--mission", mid, "--feature", "auth-impl", "--task-id", tid], withAgents(repo));
    const brief = readFileSync(rec.promptPath, "utf8");
    const sections = [...brief.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections).toEqual(["Task", "Context", "Relevant Files", "Current State", "What Was Tried", "Decisions", "Acceptance Criteria", "Constraints"]);
    const section = (name: string) => brief.split(`## ${name}\n\n`)[1]!.split("\n## ")[0]!;
    expect(section("Task")).toMatch(/^Implement auth-impl/);
    expect(section("Context")).toMatch(new RegExp(`Mission \`${mid}\`: Add authentication`));
    // the first handoff assigned it
    expect(section("Context")).toMatch(/Feature `auth-impl`: Implement the auth flow \[assigned\], milestone `implement`/);
    expect(section("Context")).toMatch(/Depends on: `auth-plan` \(done\)/);
    expect(section("Current State")).toMatch(/Where it stands: login form done[\s\S]*Next action: wire the session store[\s\S]*Assertion `auth-login-works`: pending/);
    expect(section("What Was Tried")).toMatch(new RegExp(`Handoff \`${first.id}\` to codex \\(gpt-5.4\\) on .*: failed, exit 1`));
    expect(section("Decisions")).toMatch(/- use signed cookies/);
    expect(section("Acceptance Criteria")).toMatch(/1\. Run build\n2\. Run targeted tests\n3\. Verify the login flow manually\nAssertions to satisfy:\n- `auth-login-works`/);
    expect(section("Constraints")).toMatch(/on branch `main`/);
    expect(section("Relevant Files")).toMatch(/_No changed or recently touched files\._/);
    expect(repo.json(["task", "show", tid]).handoffs).toEqual([first.id, rec.id]);
    expect(repo.json(["log", "-m", mid, "--type", "FeatureHandedOff"]).map((e: any) => e.data.handoffId)).toEqual([first.id, rec.id]);
    // handed off, it is assigned (the first handoff did it, in the same write as its link)
    expect(repo.json(["feature", "show", "auth-impl", "-m", mid]).status).toBe("assigned");
  });

  it("attributes what a launched agent records through maestro to its handoff", () => {
    const repo = makeRepo();
    const tid = repo.json(["task", "create", "Agent work"]).task.id;
    const rec = repo.json(["handoff", "claim it", "--agent", "codex", "--wait"], withAgents(repo, { FAKE_AGENT_MAESTRO: BIN, FAKE_AGENT_MAESTRO_ARGS: JSON.stringify(["task", "claim", tid]) }));
    expect(rec.status).toBe("completed");
    expect(repo.json(["task", "show", tid]).assignee).toBe(`codex:${rec.id}`);
    expect(repo.json(["log", "--tasks", "--type", "TaskClaimed"])[0].actor).toBe(`codex:${rec.id}`);
  });

  it("feature prompt renders the brief, stores it under the mission and records PromptIssued", () => {
    const repo = makeRepo();
    const mid = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    const r = repo.json(["feature", "prompt", "auth-impl", "--mission", mid, "--out", "agent-prompt.md"]);
    expect(r.path).toBe(join(realpathSync(repo.dir), ".maestro", "missions", mid, "agents", "auth-impl", "prompt.md"));
    const text = readFileSync(join(repo.dir, "agent-prompt.md"), "utf8");
    expect(readFileSync(r.path, "utf8")).toBe(text);
    expect(text).toMatch(/^# Feature auth-impl: Implement the auth flow\n\n## Task\n\nImplement feature `auth-impl`/);
    expect(repo.json(["log", "-m", mid, "--type", "PromptIssued"])[0].data).toMatchObject({ featureId: "auth-impl", path: r.path, sha256: r.sha256 });
    expect(repo.run(["feature", "prompt", "ghost", "--mission", mid]).code).toBe(2);
  });
});

describe("worktrees", () => {
  it("launches in a new worktree on a new branch, which shares the project's maestro state", () => {
    const repo = makeRepo();
    const tid = repo.json(["task", "create", "Shared work"]).task.id;
    const rec = repo.json(["handoff", "work in a tree", "--agent", "codex", "--wait", "--worktree", "feat-x"], withAgents(repo));
    expect(rec.worktree).toEqual({ path: `${repo.dir}-feat-x`, branch: "feat-x", base: "main" });
    expect(realpathSync(recorded(repo).cwd)).toBe(realpathSync(`${repo.dir}-feat-x`));
    expect(execFileSync("git", ["branch", "--show-current"], { cwd: rec.worktree.path, encoding: "utf8" }).trim()).toBe("feat-x");
    // a claim made inside the worktree is seen from the main checkout
    repo.ok(["task", "claim", tid], { cwd: rec.worktree.path, env: { MAESTRO_SESSION: "in-tree" } });
    expect(existsSync(join(rec.worktree.path, ".maestro"))).toBe(false);
    expect(repo.json(["task", "show", tid]).assignee).toBe("in-tree");
    const again = repo.run(["handoff", "again", "--agent", "codex", "--wait", "--worktree", "feat-x"], withAgents(repo));
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/branch "feat-x" already exists/);
  });
});

describe("pickup", () => {
  it("12 processes pick up one packet at once: exactly one gets the brief, the rest exit 3", async () => {
    const repo = makeRepo();
    const rec = repo.json(["handoff", "pick me", "--agent", "codex", "--wait"], withAgents(repo));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => repo.spawn(["handoff", "pickup", "--id", rec.id], { env: { MAESTRO_SESSION: `p${i}` } })));
    const winners = results.filter((r) => r.code === 0);
    expect(winners).toHaveLength(1);
    expect(winners[0]!.stdout).toBe(readFileSync(rec.promptPath, "utf8"));
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/already picked up by p\d+/);
    }
  }, 120_000);

  it("resumes a task-linked packet only from its source project, claiming the task there", () => {
    const repo = makeRepo();
    const tid = repo.json(["task", "create", "Linked"]).task.id;
    repo.ok(["task", "claim", tid], { env: { MAESTRO_SESSION: "first" } });
    const rec = repo.json(["handoff", "continue", "--agent", "codex", "--wait", "--task-id", tid], withAgents(repo));
    const elsewhere = makeRepo();
    const far = elsewhere.run(["handoff", "pickup", "--id", rec.id], { env: { MAESTRO_HOME: repo.home } });
    expect(far.code).toBe(1);
    expect(far.stderr).toContain(`cd ${repo.dir} && maestro handoff pickup --id ${rec.id}`);
    const picked = repo.json(["handoff", "pickup", "--id", rec.id], { env: { MAESTRO_SESSION: "second" } });
    expect(picked.claimed.data).toMatchObject({ taskId: tid, session: "second", previous: "first" });
    expect(repo.json(["task", "show", tid])).toMatchObject({ status: "in_progress", assignee: "second" });
    expect(repo.json(["handoff", "show", rec.id])).toMatchObject({ pickedUpByAgent: "second" });
    const standalone = makeRepo();
    const rec2 = repo.json(["handoff", "prompt only", "--agent", "claude", "--wait"], withAgents(repo));
    const out = standalone.run(["handoff", "pickup", "--id", rec2.id], { env: { MAESTRO_HOME: repo.home } });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^# Handoff/);
  });
});
