import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, makeRepo } from "@maestro/testkit";

// (no process has a pid above pid_max: the pid of one that exited could be reused meanwhile)
const deadPid = () => Number(readFileSync("/proc/sys/kernel/pid_max", "utf8")) + 1;
/** Waits until each process is gone (or a zombie): a condition, not a guess at how long dying takes. */
const gone = async (pids: readonly number[]) => {
  const running = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return false;
    }
  };
  while (pids.some(running)) await new Promise((r) => setImmediate(r));
};
const AGENTS = { PATH: `${fixture("agents")}:${process.env.PATH}` };

describe("doctor", () => {
  it("finds a torn tail, a stale lock of a dead pid, a lost handoff and a bad cache; --repair fixes each; a second run is clean", async () => {
    const repo = makeRepo();
    const id = JSON.parse(readFileSync(fixture("logs", "mission-v1.jsonl"), "utf8").split("\n")[0]!).data.missionId;
    const mdir = join(repo.dir, ".maestro", "missions", id);
    mkdirSync(mdir, { recursive: true });
    copyFileSync(fixture("logs", "mission-torn-tail.jsonl"), join(mdir, "events.jsonl"));
    // a writer that died holding the tasks lock
    repo.ok(["task", "create", "T"]);
    const tasksLog = join(repo.dir, ".maestro", "tasks", "tasks.jsonl");
    writeFileSync(`${tasksLog}.lock`, JSON.stringify({ pid: deadPid(), host: (await import("node:os")).hostname(), at: new Date().toISOString(), token: "dead" }));
    // a cache that no longer matches its log
    mkdirSync(join(repo.dir, ".maestro", ".cache"), { recursive: true });
    writeFileSync(join(repo.dir, ".maestro", ".cache", "tasks__tasks.jsonl.json"), JSON.stringify({ kind: "tasks", stateVersion: 2, seq: 1, byteOffset: 5, lastLineStart: 0, hash: "nope", state: {} }));
    // a run whose agent and supervisor both died
    const hof = repo.json(["handoff", "hang", "--agent", "codex"], { env: { ...AGENTS, FAKE_AGENT_HANG: "1" } });
    const sup = readdirSync("/proc").filter((p) => /^\d+$/.test(p) && (() => { try { return readFileSync(`/proc/${p}/cmdline`, "utf8").includes(`_supervise\0${hof.id}`); } catch { return false; } })());
    expect(sup).toHaveLength(1);
    for (const pid of sup) process.kill(Number(pid), "SIGKILL");
    process.kill(-hof.pid, "SIGKILL");
    await gone([...sup.map(Number), hof.pid]);

    const before = repo.run(["doctor", "--json"], { env: AGENTS });
    expect(before.code, before.stdout).toBe(4);
    const checks = JSON.parse(before.stdout).findings.filter((f: any) => f.severity !== "ok").map((f: any) => f.check).sort();
    expect(checks).toEqual(["bad-cache", "lost-handoff", "stale-lock", "torn-tail"]);
    expect(repo.ok(["status"])).toMatch(/warnings[\s\S]*torn last write[\s\S]*died without a recorded exit/);

    const logBefore = readFileSync(join(mdir, "events.jsonl"));
    const repaired = JSON.parse(repo.run(["doctor", "--repair", "--json"], { env: AGENTS }).stdout).findings.filter((f: any) => f.repaired).map((f: any) => [f.check, f.repaired]);
    expect(repaired.map((r: any) => r[0]).sort()).toEqual(["bad-cache", "lost-handoff", "stale-lock", "torn-tail"]);
    // nothing was deleted: the torn bytes are in quarantine, the good lines untouched
    expect(readFileSync(`${join(mdir, "events.jsonl")}.quarantine`, "utf8")).toBe(logBefore.subarray(logBefore.lastIndexOf(10) + 1).toString() + "\n");
    expect(existsSync(`${tasksLog}.lock`)).toBe(false);
    expect(repo.json(["handoff", "show", hof.id])).toMatchObject({ status: "failed", error: expect.stringMatching(/died without a recorded exit/) });

    const after = repo.run(["doctor", "--json"], { env: AGENTS });
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).findings.filter((f: any) => f.severity !== "ok")).toEqual([]);
    expect(repo.ok(["task", "create", "after the repair"])).toMatch(/created/);
  });

  it("sets a file with a corrupt middle line aside with --repair, deleting nothing, so the rest of the store works", () => {
    const repo = makeRepo();
    const id = JSON.parse(readFileSync(fixture("logs", "mission-v1.jsonl"), "utf8").split("\n")[0]!).data.missionId;
    const mdir = join(repo.dir, ".maestro", "missions", id);
    mkdirSync(mdir, { recursive: true });
    copyFileSync(fixture("logs", "mission-corrupt-middle.jsonl"), join(mdir, "events.jsonl"));
    const r = repo.run(["doctor", "--repair"], { env: AGENTS });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/FAIL\s+stream\s+mission msn_\w+: \.maestro\/missions\/msn_\w+\/events\.jsonl:5: not valid JSON[\s\S]*repaired: set aside as events\.jsonl\.set-aside/);
    expect(existsSync(join(mdir, "events.jsonl"))).toBe(false);
    expect(readFileSync(join(mdir, "events.jsonl.set-aside"))).toEqual(readFileSync(fixture("logs", "mission-corrupt-middle.jsonl")));
    expect(readFileSync(join(repo.dir, ".maestro", ".gitignore"), "utf8")).toContain("*.set-aside");
    expect(repo.run(["log", "verify"]).code).toBe(0);
  });
});

describe("install", () => {
  it("is idempotent, keeps what is outside its markers, and uninstall restores the files byte for byte", () => {
    const repo = makeRepo();
    const agents = join(repo.dir, "AGENTS.md");
    const original = "# Team rules\n\nBe kind.\n";
    writeFileSync(agents, original);
    expect(repo.json(["install", "--dry-run"]).files.map((f: any) => f.action)).toEqual(["added", "created", "created"]);
    expect(readFileSync(agents, "utf8")).toBe(original);
    expect(existsSync(join(repo.home, "config.yaml"))).toBe(false);
    repo.ok(["install"]);
    const once = readFileSync(agents, "utf8");
    expect(once.startsWith(original)).toBe(true);
    expect(once).toContain("maestro task ready --claim");
    expect(once.length - original.length).toBeLessThan(6000); // about 1,500 tokens at most
    expect(existsSync(join(repo.home, "config.yaml"))).toBe(true);
    const files = () => Object.fromEntries(["AGENTS.md", "CLAUDE.md", "GEMINI.md"].map((f) => [f, existsSync(join(repo.dir, f)) ? readFileSync(join(repo.dir, f), "utf8") : null]));
    const installed = files();
    expect(repo.json(["install"]).files.map((f: any) => f.action)).toEqual(["unchanged", "unchanged", "unchanged"]);
    expect(files()).toEqual(installed);
    writeFileSync(agents, once + "\nA note added after install.\n");
    repo.ok(["uninstall"]);
    expect(readFileSync(agents, "utf8")).toBe(original + "\nA note added after install.\n");
    expect(files()).toMatchObject({ "CLAUDE.md": null, "GEMINI.md": null });
  });

  it("writes the user-level files with --global, and refuses bad flags", () => {
    const repo = makeRepo();
    const home = join(repo.home, "user");
    mkdirSync(home);
    repo.ok(["install", "--global", "--agents", "claude"], { env: { HOME: home } });
    expect(readdirSync(join(home, ".claude"))).toEqual(["CLAUDE.md", "settings.json", "skills"]);
    expect(repo.run(["install", "--agents", "devin"]).stderr).toMatch(/--agents: unknown agent "devin"/);
    expect(repo.run(["install", "--global", "--project"]).stderr).toMatch(/pass one of --global or --project/);
  });

  it("prime tells a launched agent its task, continuation, handoff and feature", () => {
    const repo = makeRepo();
    const mid = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    const tid = repo.json(["task", "create", "Build login", "--feature", "auth-impl", "--mission", mid]).task.id;
    repo.ok(["task", "claim", tid], { env: { MAESTRO_SESSION: "codex:hof_x" } });
    repo.ok(["task", "update", tid, "--next-action", "wire the form"], { env: { MAESTRO_SESSION: "codex:hof_x" } });
    const text = repo.ok(["prime"], { env: { MAESTRO_SESSION: "codex:hof_x" } });
    expect(text).toMatch(new RegExp(`## Task ${tid} \\(build-login\\)[\\s\\S]*Next action: wire the form[\\s\\S]*## Feature auth-impl of mission ${mid} \\[pending\\][\\s\\S]*Verify: Run build[\\s\\S]*Assertion auth-login-works: pending`));
    expect(text.length).toBeLessThan(8000);
  });
});

describe("config", () => {
  it("resolves flag > env > project > global > defaults and names each source", () => {
    const repo = makeRepo();
    expect(repo.json(["config", "get", "agents.codex.model"])).toMatchObject({ value: "gpt-5.4", source: "default" });
    repo.ok(["config", "set", "agents.codex.model", "gpt-global", "--global"]);
    expect(repo.json(["config", "get", "agents.codex.model"])).toMatchObject({ value: "gpt-global", source: "global" });
    repo.ok(["config", "set", "agents.codex.model", "gpt-project"]);
    expect(repo.json(["config", "get", "agents.codex.model"])).toMatchObject({ value: "gpt-project", source: "project" });
    expect(repo.json(["config", "get", "agents.codex.model"], { env: { MAESTRO_CODEX_MODEL: "gpt-env" } })).toMatchObject({ value: "gpt-env", source: "env" });
    // a flag wins: --model on the handoff
    const rec = repo.json(["handoff", "x", "--agent", "codex", "--model", "gpt-flag", "--wait"], { env: { ...AGENTS, MAESTRO_CODEX_MODEL: "gpt-env" } });
    expect(rec.model).toBe("gpt-flag");
    expect(repo.json(["handoff", "y", "--agent", "codex", "--wait"], { env: AGENTS }).model).toBe("gpt-project");
    repo.ok(["config", "set", "agents.codex.args", '["--sandbox","workspace-write"]']);
    expect(repo.json(["handoff", "z", "--agent", "codex", "--wait"], { env: AGENTS }).argv).toContain("--sandbox");
  });

  it("refuses invalid config with a clear error naming the key", () => {
    const repo = makeRepo();
    expect(repo.run(["config", "set", "agents.codex.colour", "red"]).stderr).toMatch(/unknown config key "agents\.codex\.colour"/);
    expect(repo.run(["config", "set", "tasks.leaseTtl", "soon"]).stderr).toMatch(/tasks\.leaseTtl: .*a duration like 30m/);
    writeFileSync(join(repo.dir, ".maestro", "config.yaml"), "agents:\n  codex:\n    args: nope\n");
    const r = repo.run(["config", "list"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/config\.yaml: agents\.codex\.args: must be a list of strings, got "nope"/);
    writeFileSync(join(repo.dir, ".maestro", "config.yaml"), "agents: [unclosed\n");
    expect(repo.run(["config", "list"]).stderr).toMatch(/config\.yaml: not valid YAML/);
    expect(repo.run(["config", "get", "agents.codex.model"], { env: { MAESTRO_CODEX_ARGS: "not json" } }).code).toBe(1);
  });

  it("prints a completion script and help with examples", () => {
    const repo = makeRepo();
    expect(repo.ok(["completion"])).toMatch(/maestro/);
    expect(repo.ok(["handoff", "--help"])).toMatch(/Examples:/);
  });
});
