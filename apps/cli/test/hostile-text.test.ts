// Hostile text through every read: an agent's report may say anything, and what it says is
// shown by reply show, the brief, the log, status and Mission Control. None of it may reach
// the terminal as a control sequence; --json keeps it exact.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, makeRepo, refused } from "@maestro/testkit";

const HOSTILE = "pwned \u001b[2J\u001b[31mred\u001b]0;title\u0007 \u202eevil\u202c \u009b31m end";
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("hostile text", () => {
  it("is refused where it enters as a title, a label or an actor, and is capped in length", () => {
    const repo = makeRepo();
    expect(refused(repo, ["task", "create", "a\nb"], "InvalidValue")).toMatch(/--title must be one line of printable text/);
    expect(refused(repo, ["task", "create", HOSTILE], "InvalidValue")).toMatch(/--title must be one line/);
    expect(refused(repo, ["task", "create", "x".repeat(201)], "InvalidValue")).toMatch(/--title is 201 characters; at most 200/);
    expect(refused(repo, ["task", "create", "ok", "--labels", "a\u202eb"], "InvalidValue")).toMatch(/--labels must be one line/);
    expect(refused(repo, ["task", "create", "ok", "--actor", "alice\n2026-01-01 forged row"], "InvalidValue")).toMatch(/the actor .* must be one line/);
    expect(refused(repo, ["task", "create", "ok", "--description", "y".repeat(10_241)], "InvalidValue")).toMatch(/--description is 10241 characters; at most 10240/);
    // and wherever else text is kept: principles, memory, a handoff's task
    expect(refused(repo, ["principle", "add", "--id", "p", "--name", "two\nlines", "--rule", "r", "--profiles", "implementation"], "InvalidValue")).toMatch(/--name must be one line/);
    expect(refused(repo, ["memory", "correct", HOSTILE, "--keywords", "x"], "InvalidValue")).toMatch(/the rule must be printable text/);
    expect(refused(repo, ["memory", "learn", HOSTILE], "InvalidValue")).toMatch(/the learning must be printable text/);
    expect(refused(repo, ["handoff", HOSTILE, "--agent", "codex"], "InvalidValue")).toMatch(/the handoff's task must be printable text/);
  });

  it("from an agent's report is escaped in every read and exact in --json", () => {
    const repo = makeRepo();
    const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    repo.ok(["mission", "approve", id]);
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    const report = JSON.parse(readFileSync(fixture("replies", "good.json"), "utf8"));
    report.salientSummary = HOSTILE;
    report.assumptions = [];
    report.discoveredIssues = [{ severity: "low", description: `line one\nline two ${HOSTILE}` }];
    const file = join(repo.dir, "report.json");
    writeFileSync(file, JSON.stringify(report));
    // (kicked back by a gate: recorded, exit 5)
    expect(repo.run(["reply", "write", "auth-plan", "-m", id, "--outcome", "completed", "--file", file]).code).toBe(5);
    for (const args of [
      ["reply", "show", "auth-plan", "-m", id],
      ["reply", "list", "-m", id],
      ["feature", "prompt", "auth-plan", "-m", id],
      ["log", "-m", id],
      ["mission", "show", id],
      ["status"],
      ["mc", "--preview", "all"],
    ]) {
      const r = repo.run(args);
      expect([args.join(" "), r.code, r.stderr]).toEqual([args.join(" "), 0, ""]);
      expect(r.stdout, args.join(" ")).not.toMatch(RAW);
    }
    expect(repo.ok(["reply", "show", "auth-plan", "-m", id])).toContain("pwned \\x1b[2J\\x1b[31mred");
    const json = repo.json(["reply", "show", "auth-plan", "-m", id]);
    expect(repo.run(["reply", "show", "auth-plan", "-m", id, "--json"]).stdout).not.toMatch(RAW);
    expect(JSON.stringify(json)).toContain(JSON.stringify(HOSTILE).slice(1, -1));
  });
});
