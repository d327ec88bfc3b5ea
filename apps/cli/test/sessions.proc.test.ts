// An agent's session stays itself across its tool calls, each a fresh shell: run through real
// processes (a long-lived host that runs maestro through `bash -c`, as agent CLIs run tools).
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { approvedMission, BIN, fixture, makeRepo, type Repo } from "@maestro/testkit";

/** A host process that runs each command line in a fresh `bash -c` (no terminal), as an agent's tool calls; their outputs. */
const host = (repo: Repo, lines: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number; out: string }[] => {
  const script = `const { spawnSync } = require("node:child_process");
const out = ${JSON.stringify(lines)}.map((l) => { const r = spawnSync("bash", ["-c", l], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }); return { code: r.status, out: r.stdout + r.stderr }; });
process.stdout.write(JSON.stringify(out));`;
  const { MAESTRO_ACTOR: _a, MAESTRO_SESSION: _s, ...rest } = repo.env;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: repo.dir, env: { ...rest, ...env, M: `${process.execPath} ${BIN}` }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(r.stdout);
};

describe("a session outside any terminal or recognised host", () => {
  it("is the long-lived process that runs the tool calls: a claim in one call and an update in the next are one session", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Shared", "--slug", "shared"]);
    const [who, claim, update] = host(repo, ["$M whoami --json", "$M task claim shared", "$M task update shared --current-state 'still mine'"]);
    expect(JSON.parse(who!.out)).toMatchObject({ session: expect.stringMatching(/:node-\d+$/), source: expect.stringMatching(/^the long-lived process that runs this command \(node, pid \d+\)$/) });
    expect(claim!.code).toBe(0);
    expect(update).toEqual({ code: 0, out: expect.stringMatching(/updated/) });
    expect(repo.json(["task", "show", "shared"]).assignee).toBe(JSON.parse(who!.out).session);
  });

  it("differs between two hosts: the second is refused the first's claim", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Shared", "--slug", "shared"]);
    const [a] = host(repo, ["$M task claim shared"]);
    const [b] = host(repo, ["$M task claim shared"]);
    expect(a!.code).toBe(0);
    expect(b).toEqual({ code: 3, out: expect.stringMatching(/already claimed by \S+:node-\d+/) });
  });

  it("inside Claude Code, which says only CLAUDECODE=1, differs between two of its terminals", () => {
    const repo = makeRepo();
    const [a] = host(repo, ["$M whoami --json"], { CLAUDECODE: "1" });
    const [b] = host(repo, ["$M whoami --json"], { CLAUDECODE: "1" });
    expect(JSON.parse(a!.out).session).toMatch(/^claude:/);
    expect(JSON.parse(a!.out).session).not.toBe(JSON.parse(b!.out).session);
  });

  it("says where it came from: MAESTRO_SESSION, or an agent host's own session variable", () => {
    const repo = makeRepo();
    expect(JSON.parse(host(repo, ["$M whoami --json"], { MAESTRO_SESSION: "mine" })[0]!.out)).toMatchObject({ session: "mine", source: "$MAESTRO_SESSION" });
    expect(host(repo, ["$M whoami"], { CODEX_THREAD_ID: "th_1" })[0]!.out).toBe("codex:th_1\n  from $CODEX_THREAD_ID\n");
  });
});

describe("the hooks and the CLI", () => {
  it("agree on Claude Code's session: the SessionStart hook leaves it in CLAUDE_ENV_FILE, which each tool call's shell sources", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Shared", "--slug", "shared"]);
    const envFile = join(repo.dir, "..", "claude-env.sh");
    writeFileSync(envFile, "");
    const payload = JSON.stringify({ session_id: "abc123", hook_event_name: "SessionStart", source: "startup" });
    const hook = host(repo, [`echo '${payload}' | $M prime --hook-json --agent claude`, `echo '${payload}' | $M prime --hook-json --agent claude`], { CLAUDECODE: "1", CLAUDE_ENV_FILE: envFile });
    expect(hook.map((h) => h.code)).toEqual([0, 0]);
    // (once, however often the session starts again)
    expect(readFileSync(envFile, "utf8")).toBe("export MAESTRO_HOOK_SESSION='claude:abc123'\n");
    const [who, claim] = host(repo, [`. ${envFile}; $M whoami --json`, `. ${envFile}; $M task claim shared`], { CLAUDECODE: "1" });
    expect(JSON.parse(who!.out)).toMatchObject({ session: "claude:abc123", source: "the SessionStart hook ($MAESTRO_HOOK_SESSION, via $CLAUDE_ENV_FILE)" });
    expect(claim!.code).toBe(0);
    // and the next session start primes that session's claim
    const primed = host(repo, [`echo '${payload}' | $M prime --hook-json --agent claude`], { CLAUDECODE: "1", CLAUDE_ENV_FILE: envFile })[0]!;
    expect(JSON.parse(primed.out).hookSpecificOutput.additionalContext).toContain("Shared");
  });

  it("renew the lease after a tool call: the after-tool hook records one heartbeat for the session on its stdin, silently", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Long job", "--slug", "job"]);
    repo.ok(["task", "create", "Other", "--slug", "other"]);
    repo.ok(["task", "claim", "job"], { env: { MAESTRO_SESSION: "claude:abc123" } });
    repo.ok(["task", "claim", "other"], { env: { MAESTRO_SESSION: "claude:zzz" } });
    const heartbeats = () => repo.json(["log", "--tasks", "--type", "TaskHeartbeat"]).map((e: any) => e.data.taskIds);
    // a lease of 0s: any time since the claim is past a quarter of it
    const env = { MAESTRO_LEASE_TTL: "0s" };
    const after = (input: string) => spawnSync(process.execPath, [BIN, "task", "heartbeat", "--hook", "--agent", "claude"], { cwd: repo.dir, env: { ...repo.env, ...env, MAESTRO_SESSION: "" }, input, encoding: "utf8" });
    const r = after(JSON.stringify({ session_id: "abc123", hook_event_name: "PostToolUse", tool_name: "Bash" }));
    expect([r.status, r.stdout, r.stderr]).toEqual([0, "", ""]);
    expect(heartbeats()).toEqual([[repo.json(["task", "show", "job"]).id]]);
    // a payload it cannot read is nothing: exit 0, no output, no write
    const before = repo.logs();
    const bad = after("not json");
    expect([bad.status, bad.stdout, bad.stderr]).toEqual([0, "", ""]);
    expect(repo.logs()).toEqual(before);
    // within a quarter of a real lease, no write either
    const quiet = spawnSync(process.execPath, [BIN, "task", "heartbeat", "--hook", "--agent", "claude"], { cwd: repo.dir, env: { ...repo.env, MAESTRO_SESSION: "" }, input: JSON.stringify({ session_id: "abc123" }), encoding: "utf8" });
    expect(quiet.status).toBe(0);
    expect(repo.logs()).toEqual(before);
  });
});

describe("Gemini CLI's hooks", () => {
  it("act as its shell tools do: GEMINI_SESSION_ID, which only its hooks see, is set aside, so the after-tool hook renews what the tools claimed", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Job", "--slug", "job"]);
    const [claim, hook] = host(repo, ["$M task claim job", `echo '{"session_id":"g1"}' | GEMINI_SESSION_ID=g1 $M task heartbeat --hook --agent gemini`], { MAESTRO_LEASE_TTL: "0s" });
    expect([claim!.code, hook!.code]).toEqual([0, 0]);
    const holder = repo.json(["task", "show", "job"]).assignee;
    expect(holder).toMatch(/:node-\d+$/);
    expect(repo.json(["log", "--tasks", "--type", "TaskHeartbeat"]).map((e: any) => e.actor)).toEqual([holder]);
  });
});

describe("a claim's lease", () => {
  it("is shown active while its holder works; once expired, task ready --claim takes it over, recorded, and the old holder is told", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Long job", "--slug", "job"]);
    repo.ok(["task", "claim", "job"], { env: { MAESTRO_SESSION: "old" } });
    expect(repo.json(["task", "show", "job"]).lease).toMatchObject({ state: "active", endsAt: expect.stringMatching(/Z$/) });
    // within its lease, nobody takes it
    expect(repo.json(["task", "ready", "--claim"], { env: { MAESTRO_SESSION: "new" } }).claimed).toBe(null);
    // a lease of 0s has expired by the next command
    const taken = repo.json(["task", "ready", "--claim"], { env: { MAESTRO_SESSION: "new", MAESTRO_LEASE_TTL: "0s" } });
    expect(taken.events[0].data).toMatchObject({ session: "new", previous: "old", reason: expect.stringMatching(/^lease expired: old idle since/) });
    expect(repo.json(["task", "show", "job"], { env: { MAESTRO_LEASE_TTL: "0s" } }).lease.state).toBe("gone");
    const told = repo.run(["task", "mine"], { env: { MAESTRO_SESSION: "old" } });
    expect(told.stderr).toMatch(/taken over: tsk_\w+ \(job\) is held by new/);
    // and the old holder's edits are refused until it claims again
    expect(repo.run(["task", "update", "job", "--current-state", "x"], { env: { MAESTRO_SESSION: "old" } }).stderr).toMatch(/was taken from old \(new holds it\)/);
  });

  it("takes its length from config and the environment, each checked", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Job", "--slug", "job"]);
    const before = repo.logs();
    const r = repo.run(["task", "claim", "job"], { env: { MAESTRO_LEASE_TTL: "abc" } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/MAESTRO_LEASE_TTL/);
    expect(repo.logs()).toEqual(before);
    repo.ok(["config", "set", "tasks.leaseTtl", "30m"]);
    repo.ok(["task", "claim", "job"], { env: { MAESTRO_SESSION: "a" } });
    const show = repo.json(["task", "show", "job"]);
    expect(Date.parse(show.lease.endsAt) - Date.parse(show.lastActivityAt)).toBe(30 * 60_000);
  });
});

describe("a launched run", () => {
  const agents = (repo: Repo, extra: NodeJS.ProcessEnv = {}) => ({ ...repo.env, PATH: `${fixture("agents")}:${process.env.PATH}`, FAKE_AGENT_RECORD: `${repo.home}/agent.json`, ...extra });

  it("stopped with Ctrl-C on handoff --wait stops the agent's process group, is recorded cancelled, and its feature goes back to pending", async () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const child = spawn(process.execPath, [BIN, "handoff", "Plan it", "--agent", "codex", "-m", id, "--feature", "auth-plan", "--wait", "--json"], { cwd: repo.dir, env: agents(repo, { FAKE_AGENT_HANG: "1" }) });
    let err = "";
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    // interrupted once it says it waits (driven by its output, not a clock)
    await new Promise<void>((resolve) => child.stderr.on("data", (d) => ((err += d), err.includes("Ctrl-C stops it") && resolve())));
    const pid = Number(/pid (\d+)\)/.exec(err)![1]);
    expect(repo.json(["feature", "show", "auth-plan", "-m", id]).status).toBe("assigned");
    child.kill("SIGINT");
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
    expect(code).toBe(8);
    expect(JSON.parse(out)).toMatchObject({ status: "cancelled", pid });
    // the agent is gone: no process is left running untracked
    expect(() => process.kill(pid, 0)).toThrow();
    expect(repo.json(["feature", "show", "auth-plan", "-m", id])).toMatchObject({ status: "pending", reason: expect.stringMatching(/^handoff hof_\w+ was cancelled$/) });
  });

  it("with --detach-on-interrupt, Ctrl-C on --wait leaves the run going under its supervisor and says so; the supervisor records its end", async () => {
    const repo = makeRepo();
    const child = spawn(process.execPath, [BIN, "handoff", "Long job", "--agent", "codex", "--wait", "--detach-on-interrupt"], { cwd: repo.dir, env: agents(repo, { FAKE_AGENT_HANG: "1" }) });
    let err = "";
    await new Promise<void>((resolve) => child.stderr.on("data", (d) => ((err += d), err.includes("Ctrl-C leaves it running, detached") && resolve())));
    const pid = Number(/pid (\d+)\)/.exec(err)![1]);
    child.kill("SIGINT");
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
    expect(code).toBe(0);
    const id = /handoff (hof_\w+)/.exec(err)![1]!;
    expect(err).toContain(`detached: handoff ${id} goes on under its supervisor`);
    // still running, still tracked
    expect(() => process.kill(pid, 0)).not.toThrow();
    expect(repo.json(["handoff", "show", id]).status).toBe("launched");
    // its supervisor records the end when it comes (here: stopped by hand)
    process.kill(-pid, "SIGKILL");
    const ended = await new Promise<any>((resolve) => {
      const look = () => {
        const r = repo.json(["handoff", "show", id]);
        if (r.status !== "launched") resolve(r);
        else setImmediate(look);
      };
      look();
    });
    expect(ended).toMatchObject({ status: "failed", signal: "SIGKILL" });
    expect(repo.run(["handoff", "x", "--agent", "codex", "--detach-on-interrupt"]).code).toBe(1);
  });

  it("is one per feature: a second launch is refused naming the running one, unless --force (recorded)", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const first = repo.json(["handoff", "Plan it", "--agent", "codex", "-m", id, "--feature", "auth-plan"], { env: agents(repo, { FAKE_AGENT_HANG: "1" }) });
    try {
      const before = repo.logs();
      const r = repo.run(["handoff", "Plan it again", "--agent", "claude", "-m", id, "--feature", "auth-plan"], { env: agents(repo) });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`is being worked on by handoff ${first.id} (codex, launched)`);
      expect(repo.logs()).toEqual(before);
      const second = repo.json(["handoff", "Plan it again", "--agent", "claude", "-m", id, "--feature", "auth-plan", "--force"], { env: agents(repo) });
      expect(repo.json(["log", "-m", id, "--type", "FeatureHandedOff"]).map((e: any) => e.data.handoffId)).toEqual([first.id, second.id]);
    } finally {
      process.kill(-first.pid, "SIGKILL");
    }
  });
});

describe("notifications", () => {
  it("run notify.<event> once per recorded fact, with it as JSON on stdin, and never for a refused command", () => {
    const repo = makeRepo();
    const log = `${repo.home}/told.jsonl`;
    repo.ok(["config", "set", "notify.claim", `cat >> ${log}`]);
    repo.ok(["config", "set", "notify.reclaim", `cat >> ${log}`]);
    repo.ok(["task", "create", "Job", "--slug", "job"]);
    repo.ok(["task", "claim", "job"], { env: { MAESTRO_SESSION: "a" } });
    // refused: nothing recorded, nothing told
    expect(repo.run(["task", "claim", "job"], { env: { MAESTRO_SESSION: "b" } }).code).toBe(3);
    repo.ok(["task", "claim", "job", "--force"], { env: { MAESTRO_SESSION: "b" } });
    const told = readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(told).toEqual([
      expect.objectContaining({ event: "claim", actor: "a", session: "a", previous: null }),
      expect.objectContaining({ event: "reclaim", actor: "b", session: "b", previous: "a", reason: "forced" }),
    ]);
  });
});

describe("a holder that was a handoff's run", () => {
  it("is gone once the run has ended, whatever its lease says", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Job", "--slug", "job"]);
    const env = { PATH: `${fixture("agents")}:${process.env.PATH}`, FAKE_AGENT_MAESTRO: BIN, FAKE_AGENT_MAESTRO_ARGS: JSON.stringify(["task", "claim", "job"]) };
    const run = repo.json(["handoff", "Do the job", "--agent", "codex", "--wait"], { env });
    expect(run.status).toBe("completed");
    const shown = repo.json(["task", "show", "job"]);
    expect(shown.assignee).toBe(`codex:${run.id}`);
    expect(shown.lease).toMatchObject({ state: "gone", why: `its run ${run.id} is completed` });
    // and is taken over at once, long before its lease would run out: recorded with why
    const next = repo.json(["task", "ready", "--claim"], { env: { MAESTRO_SESSION: "next" } });
    expect(next.claimed?.id).toBe(shown.id);
    expect(repo.json(["log", "--tasks", "--type", "TaskClaimed"]).at(-1).data).toMatchObject({ session: "next", previous: `codex:${run.id}`, reason: `holder gone: its run ${run.id} is completed` });
  });
});
