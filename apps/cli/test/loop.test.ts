// The operator's loop, end to end, through the real CLI and a stand-in agent that does what its
// brief says: a pending feature handed off is assigned in the same write, the agent reads the
// brief on stdin, writes the report in the shape the brief shows and runs the reply command the
// brief names; gates judge it; a kicked-back feature's next brief says why.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, approvedMission, fixture, git, makeRepo, segmentFiles, type Repo } from "@maestro/testkit";

const agentEnv = (reply: string, extra: NodeJS.ProcessEnv = {}) => ({ env: { PATH: `${fixture("agents")}:${process.env.PATH}`, FAKE_AGENT_MAESTRO: BIN, FAKE_AGENT_REPLY: reply, ...extra } });

describe("a feature handed off to an agent", () => {
  it("is assigned, and the agent's reply as its brief asks lands it in review", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const rec = repo.json(["handoff", "Plan the auth work", "--agent", "codex", "--wait", "-m", id, "--feature", "auth-plan"], agentEnv("completed"));
    expect(rec.status).toBe("completed");
    const m = repo.json(["mission", "show", id]);
    expect(m.mission.status).toBe("executing");
    expect(m.features["auth-plan"].status).toBe("review");
    const reply = repo.json(["reply", "show", "auth-plan", "-m", id]).latest;
    expect(reply).toMatchObject({ result: "completed", handoffId: rec.id });
    expect(reply.verdicts.every((v: any) => v.passed)).toBe(true);
    // the brief held the reply command, the report's required field and the gates
    const brief = repo.ok(["handoff", "show", rec.id, "--json"]);
    const prompt = JSON.parse(brief).promptPath as string;
    const text = readFileSync(prompt, "utf8");
    expect(text).toContain(`maestro reply write auth-plan --mission ${id} --outcome completed --file report.json`);
    expect(text).toMatch(/Required: `salientSummary`/);
    expect(text).toMatch(/`think-before-coding` needs `assumptions` to be a list of at least 1/);
  });

  it("is sent back to pending when a gate fails, and the next brief names the gate and why", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    repo.json(["handoff", "Plan the auth work", "--agent", "codex", "--wait", "-m", id, "--feature", "auth-plan"], agentEnv("completed-no-assumptions"));
    const f = repo.json(["mission", "show", id]).features["auth-plan"];
    expect(f.status).toBe("pending");
    expect(f.reason).toMatch(/gate think-before-coding failed/);
    const next = repo.json(["handoff", "Plan it again", "--agent", "claude", "--wait", "-m", id, "--feature", "auth-plan"], agentEnv("completed"));
    const text = readFileSync(next.promptPath, "utf8");
    const tried = text.slice(text.indexOf("## What Was Tried"), text.indexOf("## Decisions"));
    expect(tried).toMatch(/Reply `rpl_\w+` by codex:hof_\w+ .*: kicked-back \(it asked completed\); why: gate think-before-coding failed/);
    expect(tried).toMatch(/gate `think-before-coding` failed/);
    expect(repo.json(["mission", "show", id]).features["auth-plan"].status).toBe("review");
  });

  it("may be abandoned with a reason and no report, which no gate counts as a failure", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    repo.json(["handoff", "Plan the auth work", "--agent", "gemini", "--wait", "-m", id, "--feature", "auth-plan"], agentEnv("abandoned"));
    const f = repo.json(["mission", "show", id]).features["auth-plan"];
    expect(f).toMatchObject({ status: "blocked", reason: "it could not be done" });
    expect(repo.json(["principle", "stats"]).every((s: any) => s.failed === 0 && s.gated === 0)).toBe(true);
  });

  it("is refused before anything is made while it waits on a dependency", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const before = repo.logs();
    const r = repo.run(["handoff", "Build it", "--agent", "codex", "--wait", "-m", id, "--feature", "auth-impl"], agentEnv("completed"));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: feature "auth-impl" depends on "auth-plan" \(pending\); it can start once those reach review/);
    expect(repo.logs()).toEqual(before);
    expect(repo.json(["handoff", "list"])).toEqual([]);
  });
});

describe("handoff --wait", () => {
  it("exits as its agent did: 0, 6 when it failed, 7 when it timed out, with the output tail", () => {
    const repo = makeRepo();
    expect(repo.run(["handoff", "fine", "--agent", "codex", "--wait"], { env: { PATH: `${fixture("agents")}:${process.env.PATH}` } }).code).toBe(0);
    const failed = repo.run(["handoff", "fails", "--agent", "codex", "--wait"], { env: { PATH: `${fixture("agents")}:${process.env.PATH}`, FAKE_AGENT_EXIT: "3" } });
    expect(failed.code).toBe(6);
    expect(failed.stdout).toMatch(/output tail\n(codex: a line on stderr\n)?codex: read \d+ bytes of brief/);
    expect(failed.stderr).toMatch(/^waiting for codex \(handoff hof_\w+, pid \d+\); Ctrl-C stops it and records it cancelled\nerror: the agent failed \(exit 3\); see `maestro handoff show hof_\w+`\n$/);
    const hung = repo.run(["handoff", "hangs", "--agent", "codex", "--wait", "--timeout", "1s"], { env: { PATH: `${fixture("agents")}:${process.env.PATH}`, FAKE_AGENT_HANG: "1" } });
    expect(hung.code).toBe(7);
    expect(hung.stderr).toMatch(/the agent timed out/);
  });
});

describe("reply schema", () => {
  it("prints the report's JSON Schema, generated from the Schema that decodes replies", () => {
    const repo = makeRepo();
    const schema = JSON.parse(repo.ok(["reply", "schema"]));
    expect(schema.required).toEqual(["salientSummary"]);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["assumptions", "scopeDeclaration", "verificationResults", "discoveredIssues"]));
  });
});

describe("handoffs belong to their project", () => {
  it("two projects sharing one MAESTRO_HOME never see or consume each other's handoffs", () => {
    const a = makeRepo();
    const b = makeRepo();
    const home = { MAESTRO_HOME: a.home };
    const running = a.json(["handoff", "Work in A", "--agent", "codex", "--timeout", "60s"], agentEnv("", { FAKE_AGENT_HANG: "1" }));
    try {
      expect(running.status).toBe("launched");
      expect(b.json(["handoff", "list"], { env: home })).toEqual([]);
      expect(b.json(["status"], { env: home }).handoffs.running).toEqual([]);
      const none = b.run(["handoff", "pickup"], { env: home });
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/no open handoff packet to pick up in this project \(--all-projects for every one\)/);
      expect(b.json(["handoff", "list", "--all-projects"], { env: home }).map((h: any) => h.id)).toEqual([running.id]);
      expect(a.json(["handoff", "list"]).map((h: any) => h.id)).toEqual([running.id]);
      const picked = a.json(["handoff", "pickup"]);
      expect(picked.handoff.id).toBe(running.id);
      expect(picked.brief).toContain("Work in A");
    } finally {
      try {
        process.kill(running.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  });

  it("a pickup whose claim is refused leaves the packet open", () => {
    const repo = makeRepo();
    const blocker = repo.json(["task", "create", "First"]).task.id;
    const task = repo.json(["task", "create", "Then this", "--blocked-by", blocker]).task.id;
    const rec = repo.json(["handoff", "Do it", "--agent", "codex", "--wait", "--task-id", task], agentEnv(""));
    const refused = repo.run(["handoff", "pickup", "--id", rec.id], { env: { MAESTRO_SESSION: "picker" } });
    expect(refused.code).toBe(1);
    expect(repo.json(["handoff", "show", rec.id]).consumedAt).toBeNull();
    repo.ok(["task", "claim", blocker], { env: { MAESTRO_SESSION: "other" } });
    repo.ok(["task", "update", blocker, "--status", "completed", "--reason", "done"], { env: { MAESTRO_SESSION: "other" } });
    const picked = repo.json(["handoff", "pickup", "--id", rec.id], { env: { MAESTRO_SESSION: "picker" } });
    expect(picked.claimed.type).toBe("TaskClaimed");
    expect(repo.json(["task", "show", task]).assignee).toBe("picker");
  });
});

describe("a handoff that fails before its launch is recorded", () => {
  it("leaves no worktree, branch or handoff folder behind", () => {
    const repo = makeRepo();
    // a memory log that cannot be read: the brief fails after the worktree was made
    repo.ok(["memory", "learn", "Something worth knowing"]);
    const [segment] = segmentFiles(join(repo.dir, ".maestro", "memory"));
    writeFileSync(segment!, "not a log line\n" + readFileSync(segment!, "utf8"));
    const homeBefore = readdirSync(repo.home);
    const r = repo.run(["handoff", "Work in a tree", "--agent", "codex", "--worktree", "doomed"], agentEnv(""));
    expect(r.code).toBe(4);
    expect(git(repo, ["worktree", "list"]).trim().split("\n")).toHaveLength(1);
    expect(git(repo, ["branch", "--list", "doomed"])).toBe("");
    expect(existsSync(`${repo.dir}-doomed`)).toBe(false);
    const handoffs = join(repo.home, "handoff");
    expect(existsSync(handoffs) ? readdirSync(handoffs) : []).toEqual([]);
    expect(readdirSync(repo.home).filter((f) => f !== "handoff")).toEqual(homeBefore.filter((f) => f !== "handoff"));
  });
});

describe("checkpoint restore", () => {
  const domainOf = (repo: Repo, id: string) => {
    const m = repo.json(["mission", "show", id]);
    return JSON.stringify({ mission: m.mission, milestones: m.milestones, features: m.features, assertions: m.assertions });
  };

  it("says what would change with --dry-run, saves the state it replaces, and the undo brings it back exactly", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    const ckp = repo.json(["checkpoint", "save", "-m", id, "--label", "approved"]).events[0].data.checkpointId;
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "review"]);
    const before = domainOf(repo, id);
    const logs = repo.logs();
    const dry = repo.json(["checkpoint", "restore", ckp, "-m", id, "--dry-run"]);
    expect(dry.changes).toEqual(["mission: executing -> approved", "milestone plan: executing -> pending", "feature auth-plan: review -> pending"]);
    expect(repo.logs()).toEqual(logs);
    const restored = repo.json(["checkpoint", "restore", ckp, "-m", id, "--yes"]);
    expect(repo.json(["mission", "show", id]).features["auth-plan"].status).toBe("pending");
    repo.ok(["checkpoint", "restore", restored.undoId, "-m", id, "--yes"]);
    expect(domainOf(repo, id)).toBe(before);
  });

  it("restores the state at any event with --at, the same as mission show --at shows it", () => {
    const repo = makeRepo();
    const id = approvedMission(repo);
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    const at = repo.json(["mission", "show", id, "--at", "2"]);
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "review"]);
    repo.ok(["checkpoint", "restore", "--at", "2", "-m", id, "--yes"]);
    const now = repo.json(["mission", "show", id]);
    expect(now.features).toEqual(at.features);
    expect(now.mission.status).toBe(at.mission.status);
    expect(repo.run(["checkpoint", "restore", "-m", id]).stderr).toMatch(/name a checkpoint or pass --at/);
  });
});

describe("input from stdin, and the brief on stdout", () => {
  it("mission create and task plan take --file -, and feature prompt prints the brief without --out", () => {
    const repo = makeRepo();
    const id = JSON.parse(repo.run(["mission", "create", "--file", "-", "--json"], { input: readFileSync(fixture("plans", "overview.json"), "utf8") }).stdout).mission.id;
    const planned = repo.run(["task", "plan", "--file", "-", "--json"], { input: JSON.stringify({ tasks: [{ name: "a", title: "From stdin" }] }) });
    expect(planned.code, planned.stderr).toBe(0);
    expect((repo.json(["task", "list"]) as { title: string }[]).map((t) => t.title)).toEqual(["From stdin"]);
    const brief = repo.ok(["feature", "prompt", "auth-plan", "-m", id]);
    expect(brief).toMatch(/^# Feature auth-plan: Plan the auth flow\n/);
    expect(brief).toContain(`maestro reply write auth-plan --mission ${id} --outcome completed --file report.json`);
  });
});
