import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fixture, makeRepo, type Repo } from "@maestro/testkit";

/** A mission whose auth-impl (implementation profile) is in progress. */
const inProgress = (repo: Repo) => {
  const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
  repo.ok(["mission", "approve", id]);
  repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
  repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "review"]);
  repo.ok(["milestone", "seal", "plan", "-m", id]);
  repo.ok(["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"]);
  return id;
};

describe("replies gated by principles", () => {
  it("init seeds the default principles once", () => {
    const repo = makeRepo();
    expect(repo.json(["principle", "list"]).map((p: any) => [p.id, p.mode])).toEqual([
      ["goal-driven", "gate"],
      ["simplicity", "advisory"],
      ["surgical-changes", "gate"],
      ["think-before-coding", "gate"],
    ]);
    repo.ok(["init"]);
    expect(repo.json(["log", "--principles"])).toHaveLength(1);
    expect(repo.json(["principle", "list", "--profile", "planning"]).map((p: any) => p.id)).toEqual(["think-before-coding"]);
  });

  it("moves the feature to review when every gate passes, recording the reply's actor", () => {
    const repo = makeRepo();
    const id = inProgress(repo);
    const r = repo.json(["reply", "write", "auth-impl", "-m", id, "--outcome", "completed", "--file", fixture("replies", "good.json")], { env: { MAESTRO_ACTOR: "codex:hof_abc", MAESTRO_HANDOFF_ID: "hof_abc" } });
    expect(r.feature.status).toBe("review");
    expect(r.events.map((e: any) => e.type)).toEqual(["ReplyRecorded", "FeatureStatusChanged"]);
    expect(r.events.every((e: any) => e.actor === "codex:hof_abc")).toBe(true);
    expect(r.events[0].data).toMatchObject({ outcome: "completed", result: "completed", handoffId: "hof_abc" });
    expect(r.events[0].data.verdicts.map((v: any) => [v.principleId, v.passed])).toEqual([
      ["goal-driven", true],
      ["surgical-changes", true],
      ["think-before-coding", true],
    ]);
    expect(r.events[0].data.advisories).toEqual(["simplicity"]);
    expect(repo.json(["reply", "show", "auth-impl", "-m", id]).latest.report.salientSummary).toBe("Login flow implemented with signed cookies");
  });

  it("downgrades a completed reply to kicked-back when a gate fails; the feature ends pending with the reason", () => {
    const repo = makeRepo();
    const id = inProgress(repo);
    // recorded, but kicked back: exit 5, so an agent's script can tell it from success
    const kicked = repo.run(["reply", "write", "auth-impl", "-m", id, "--outcome", "completed", "--file", fixture("replies", "failing-verification.json"), "--json"]);
    expect(kicked.code).toBe(5);
    const r = JSON.parse(kicked.stdout);
    expect(r.events[0].data).toMatchObject({ outcome: "completed", result: "kicked-back", reason: "gate goal-driven failed (1 of 2 did not pass)" });
    // the replies as of the event before the reply (it and its two moves are the last three): none yet
    const seq = repo.json(["log", "-m", id]).at(-1).seq;
    expect(repo.json(["reply", "show", "auth-impl", "-m", id, "--at", String(seq - 3)]).latest).toBeNull();
    expect(repo.json(["reply", "show", "auth-impl", "-m", id, "--at", String(seq)]).latest.result).toBe("kicked-back");
    expect(repo.run(["reply", "list", "--at", "5"]).stderr).toMatch(/--at on a read across missions takes an ISO time/);
    expect(r.events.slice(1).map((e: any) => `${e.data.from}->${e.data.to}`)).toEqual(["in-progress->review", "review->pending"]);
    expect(repo.json(["feature", "show", "auth-impl", "-m", id])).toMatchObject({ status: "pending", reason: "gate goal-driven failed (1 of 2 did not pass)" });
    expect(repo.json(["principle", "stats"]).find((s: any) => s.id === "goal-driven")).toMatchObject({ gated: 1, passed: 0, failed: 1 });
  });

  it("downgrades when an assertion the feature fulfills has failed, and abandoned blocks the feature", () => {
    const repo = makeRepo();
    const id = inProgress(repo);
    repo.ok(["validate", "update", "auth-login-works", "-m", id, "--result", "failed", "--evidence", "login 500s"]);
    const downgraded = repo.run(["reply", "write", "auth-impl", "-m", id, "--outcome", "completed", "--file", fixture("replies", "good.json"), "--json"]);
    expect(downgraded.code).toBe(5);
    const r = JSON.parse(downgraded.stdout);
    expect(r.events[0].data.reason).toBe("assertion auth-login-works failed");
    expect(r.feature.status).toBe("pending");
    repo.ok(["feature", "update", "auth-impl", "-m", id, "--status", "in-progress"]);
    const gaveUp = repo.json(["reply", "write", "auth-impl", "-m", id, "--outcome", "abandoned", "--notes", "needs a product decision", "--file", fixture("replies", "good.json")]);
    expect(gaveUp.feature).toMatchObject({ status: "blocked", reason: "needs a product decision" });
    expect(repo.json(["reply", "list", "-m", id]).map((x: any) => x.result)).toEqual(["kicked-back", "abandoned"]);
  });

  it("refuses a malformed report with its field path, writing nothing", () => {
    const repo = makeRepo();
    const id = inProgress(repo);
    const before = repo.logs();
    const r = repo.run(["reply", "write", "auth-impl", "-m", id, "--outcome", "completed", "--file", fixture("replies", "malformed.json")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: .*malformed\.json: verification\.commandsRun\[0\]\.exitCode must be (an integer|a number), got "zero"\n$/);
    expect(repo.logs()).toEqual(before);
    const noFile = repo.run(["reply", "write", "auth-impl", "-m", id, "--outcome", "completed"]);
    expect(noFile.stderr).toMatch(/pass the report with --file report.json or --report-stdin \(only --outcome abandoned may give just --notes "why"\)/);
    expect(repo.logs()).toEqual(before);
    const stdin = repo.run(["reply", "write", "auth-impl", "-m", id, "--outcome", "completed", "--report-stdin"], { input: readFileSync(fixture("replies", "good.json"), "utf8") });
    expect(stdin.code).toBe(0);
  });

  it("injects the principles of the feature's milestone profile into its brief, and rates outcomes", () => {
    const repo = makeRepo();
    const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    const plan = readFileSync(repo.json(["feature", "prompt", "auth-plan", "-m", id]).path, "utf8");
    const impl = readFileSync(repo.json(["feature", "prompt", "auth-impl", "-m", id]).path, "utf8");
    expect(plan).toContain("Principle `think-before-coding` (gate on `assumptions`, array_min_length:1)");
    expect(plan).not.toContain("surgical-changes");
    for (const p of ["goal-driven", "surgical-changes", "think-before-coding", "simplicity"]) expect(impl).toContain(`Principle \`${p}\``);
    repo.ok(["principle", "add", "--id", "tests-first", "--name", "Tests first", "--rule", "Add a test for every fix", "--profiles", "planning", "--mode", "gate", "--gate-field", "tests.added", "--gate-check", "array_min_length:1"]);
    expect(readFileSync(repo.json(["feature", "prompt", "auth-plan", "-m", id]).path, "utf8")).toContain("Principle `tests-first`");
    // three runs this machine launched (their agent missing: each is recorded, failed)
    for (let i = 0; i < 3; i++) repo.run(["handoff", "x", "--agent", "codex"], { env: { PATH: "/usr/bin:/bin", MAESTRO_CODEX_BIN: "codex-nope" } });
    const [h1, h2, h3] = repo.json(["handoff", "list"]).map((h: any) => h.id);
    repo.ok(["principle", "outcome", "tests-first", "helpful", "--handoff", h1]);
    repo.ok(["principle", "outcome", "tests-first", "unhelpful", "--handoff", h2]);
    repo.ok(["principle", "outcome", "tests-first", "helpful", "--handoff", h3]);
    expect(repo.json(["principle", "stats"]).find((s: any) => s.id === "tests-first")).toMatchObject({ helpful: 2, unhelpful: 1, effectiveness: 0.67 });
    expect(repo.run(["principle", "add", "--id", "x", "--name", "X", "--rule", "r", "--profiles", "implementation", "--mode", "gate"]).stderr).toMatch(/a gate needs --gate-field and --gate-check/);
    expect(repo.run(["principle", "add", "--id", "y", "--name", "Y", "--rule", "r", "--profiles", "implementation", "--mode", "gate", "--gate-field", "f", "--gate-check", "some"]).stderr).toMatch(/--gate-check must be/);
    repo.ok(["principle", "remove", "tests-first"]);
    expect(repo.json(["principle", "list"]).map((p: any) => p.id)).not.toContain("tests-first");
  });
});

describe("memory", () => {
  const loadCorrections = (repo: Repo) => {
    for (const c of JSON.parse(readFileSync(fixture("memory", "corrections.json"), "utf8")))
      repo.ok(["memory", "correct", c.rule, "--keywords", c.keywords.join(","), "--files", c.files.join(","), "--severity", c.severity]);
  };

  it("recalls the auth correction first for a task about auth login, and hard corrections always", () => {
    const repo = makeRepo();
    loadCorrections(repo);
    const r = repo.json(["memory", "recall", "--task", "fix the auth login redirect"]);
    expect(r[0].correction.rule).toMatch(/^Never log auth tokens/);
    expect(r.map((x: any) => x.correction.severity)).toContain("hard");
    expect(r.map((x: any) => x.correction.rule)).not.toContain("Keep CSS in component modules, not global stylesheets");
    const byFile = repo.json(["memory", "recall", "--task", "tidy up", "--files", "db/migrations/001_init.sql"]);
    expect(byFile[0].correction.rule).toBe("Run database migrations inside a transaction");
  });

  it("compiles learnings deterministically, merging near-duplicates", () => {
    const repo = makeRepo();
    repo.ok(["memory", "learn", "The login form lives in src/auth/form.ts"]);
    repo.ok(["memory", "learn", "Integration tests need the DB container running"]);
    repo.ok(["memory", "learn", "the login form lives in src/auth/form.ts!"]);
    const a = repo.json(["memory", "compile"]).guidance;
    const b = repo.json(["memory", "compile"]).guidance;
    expect(a).toEqual(b);
    expect(a.map((g: any) => [g.text, g.count])).toEqual([
      ["the login form lives in src/auth/form.ts!", 2],
      ["Integration tests need the DB container running", 1],
    ]);
    const brief = readFileSync(repo.json(["handoff", "touch the login form", "--agent", "codex", "--wait"], { env: { PATH: `${fixture("agents")}:${process.env.PATH}` } }).promptPath, "utf8");
    expect(brief).toContain("- Guidance: the login form lives in src/auth/form.ts! (learned 2 times)");
    expect(brief).toMatch(/- Memory used: `mem_\w+`/);
  });

  it("searches by stemmed words, lints, forgets with history kept, and carries the actor", () => {
    const repo = makeRepo();
    loadCorrections(repo);
    repo.ok(["memory", "correct", "Run the database migrations inside a transaction"]);
    repo.ok(["memory", "correct", "Always log auth tokens at the login handler for debugging", "--keywords", "auth"]);
    const hits = repo.json(["memory", "search", "migrating databases"]);
    expect(hits[0].text).toMatch(/migrations inside a transaction/);
    const lint = repo.json(["memory", "lint"]);
    expect(lint.map((f: any) => f.kind).sort()).toEqual(["contradiction", "duplicate"]);
    const dup = lint.find((f: any) => f.kind === "duplicate");
    repo.ok(["memory", "forget", dup.ids[1], "--reason", "duplicate"]);
    expect(repo.json(["memory", "lint"]).map((f: any) => f.kind)).toEqual(["contradiction"]);
    expect(repo.json(["memory", "stats"])).toMatchObject({ corrections: 6, forgotten: 1, hard: 1 });
    expect(repo.json(["log", "--memory"]).every((e: any) => e.actor === "tester")).toBe(true);
    expect(repo.run(["memory", "forget", "mem_nope"]).code).toBe(2);
  });
});

describe("principles and memory as they were", () => {
  it("take --at on their reads", () => {
    const repo = makeRepo();
    const seeded = repo.json(["principle", "list"]).map((p: any) => p.id);
    repo.ok(["principle", "add", "--id", "tests-first", "--name", "Tests first", "--rule", "Add a test for every fix", "--profiles", "implementation"]);
    expect(repo.json(["principle", "list", "--at", "1"]).map((p: any) => p.id)).toEqual(seeded);
    expect(repo.json(["principle", "list"]).map((p: any) => p.id)).toEqual([...seeded, "tests-first"].sort());
    expect(repo.run(["principle", "show", "tests-first", "--at", "1"]).code).toBe(2);
    repo.ok(["memory", "correct", "Never log tokens", "--keywords", "log,token"]);
    repo.ok(["memory", "correct", "Use the pool", "--keywords", "db"]);
    expect(repo.json(["memory", "list", "--at", "1"]).corrections.map((c: any) => c.rule)).toEqual(["Never log tokens"]);
    expect(repo.run(["memory", "stats", "--at", "abc"]).stderr).toMatch(/--at takes an event seq, an event id/);
  });
});
