import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CONDITIONS, exitCodeOf, type Condition, type Kind, type MaestroError } from "@maestro/core/errors";
import { TASK_TRANSITIONS } from "@maestro/core/tasks/values";
import { ASSERTION_TRANSITIONS, FEATURE_TRANSITIONS, MILESTONE_TRANSITIONS, MISSION_TRANSITIONS } from "@maestro/core/mission/statuses";
import { PRINCIPLE_TRANSITIONS } from "@maestro/core/principles/values";
import { MEMORY_TRANSITIONS } from "@maestro/core/memory/values";
import { HANDOFF_TRANSITIONS } from "@maestro/core/handoff/values";
import { ROOT, fixture, makeRepo, type Repo } from "@maestro/testkit";
import { inProcess, type InProcess } from "./in-process.js";

// Every documented mistake (../shared/research/newcomer-trial.md, and the same class on the
// commands it did not name) is refused for its condition: its exit code (never 70), one line on
// stderr, nothing on stdout, and every log byte as it was. In-process: none needs a real process.
describe("refused commands change nothing", () => {
  let repo: Repo;
  let cli: InProcess;
  let id: string;
  let task: string;
  beforeAll(async () => {
    repo = makeRepo();
    cli = inProcess(repo);
    id = (await cli.json(["mission", "create", "--file", fixture("plans", "overview.json")])).mission.id;
    task = (await cli.json(["task", "create", "Held task"])).task.id;
    await cli.ok(["task", "claim", task], { env: { MAESTRO_SESSION: "holder" } });
  });

  const refuse = async (args: string[], condition: Condition, message?: RegExp) => {
    const stderr = await cli.refused(args, condition);
    if (message) expect(stderr).toMatch(message);
  };
  const table = async (rows: readonly (readonly [args: () => string[], condition: Condition, message?: RegExp])[]) => {
    for (const [args, condition, message] of rows) await refuse(args(), condition, message);
  };

  for (const file of readdirSync(fixture("plans")).filter((f) => f.startsWith("bad-")))
    it(`refuses plan ${file} and leaves no mission behind`, async () => {
      const missions = readdirSync(`${repo.dir}/.maestro/missions`);
      await refuse(["mission", "create", "--file", fixture("plans", file)], "InvalidFile", new RegExp(`^error: .*${file.replace(".", "\\.")}: `));
      expect(readdirSync(`${repo.dir}/.maestro/missions`)).toEqual(missions);
    });

  it("refuses invalid transitions, naming what is allowed", () =>
    table([
      [() => ["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"], "TransitionNotAllowed", /^error: mission "msn_\w+" is draft; approve it first\n$/],
      [() => ["mission", "start", id], "TransitionNotAllowed", /only an approved mission can start/],
      [() => ["mission", "complete", id], "TransitionNotAllowed", /is draft; allowed next: approved, rejected/],
      [() => ["milestone", "seal", "plan", "-m", id], "TransitionNotAllowed", /only an executing or validating milestone can be sealed/],
      [() => ["validate", "update", "auth-login-works", "-m", id, "--result", "passed", "--evidence", "x"], "TransitionNotAllowed", /assertions cannot change now/],
      [() => ["task", "claim", task], "TaskAlreadyClaimed", /already claimed by holder/],
    ]));

  it("refuses unknown ids, each by what it names", () =>
    table([
      [() => ["mission", "show", "msn_nope"], "MissionNotFound"],
      [() => ["feature", "show", "ghost", "-m", id], "FeatureNotFound"],
      [() => ["milestone", "start", "ghost", "-m", id], "MilestoneNotFound"],
      [() => ["checkpoint", "restore", "ckp_nope", "-m", id, "--yes"], "CheckpointNotFound"],
      [() => ["validate", "update", "ghost", "-m", id, "--result", "passed", "--evidence", "x"], "AssertionNotFound"],
      [() => ["task", "show", "ghost"], "TaskNotFound"],
      [() => ["task", "create", "x", "--feature", "ghost", "--mission", id], "FeatureNotFound"],
      [() => ["handoff", "show", "hof_nope"], "HandoffNotFound"],
      [() => ["principle", "show", "ghost"], "PrincipleNotFound"],
      [() => ["memory", "forget", "mem_nope"], "MemoryEntryNotFound"],
      [() => ["mission", "show", id, "--at", "ev_nope"], "EventNotFound"],
      [() => ["mc", "--mission", "msn_nope", "--preview", "features"], "MissionNotFound"],
      [() => ["mc", "--feature", "ghost", "--preview", "features"], "FeatureNotFound"],
    ]));

  it("refuses bad values, path tricks and filters outside their lists, naming what is allowed", () =>
    table([
      [() => ["feature", "update", "auth-plan", "-m", id, "--status", "finished"], "InvalidValue", /--status must be one of pending, assigned/],
      [() => ["validate", "update", "auth-login-works", "-m", id, "--result", "ok", "--evidence", "x"], "InvalidValue", /--result must be one of passed, failed, blocked, waived/],
      [() => ["mission", "show", "../../etc"], "InvalidValue", /invalid mission id "\.\.\/\.\.\/etc"/],
      [() => ["mission", "show", id, "--at", "0"], "InvalidValue", /--at takes an event seq from 1/],
      [() => ["mission", "show", id, "--at", "99"], "InvalidValue", /--at 99 is outside mission/],
      [() => ["mission", "show", id, "--at", "abc"], "InvalidValue", /--at takes an event seq, an event id/],
      [() => ["mission", "create", "--file", "/no/such/plan.json"], "InvalidFile", /cannot read \/no\/such\/plan\.json: no such file/],
      [() => ["mission", "list", "--status", "bogus"], "InvalidValue", /--status must be one of draft/],
      [() => ["principle", "list", "--profile", "bogus"], "InvalidValue", /--profile must be one of planning, plan-review, implementation/],
      [() => ["feature", "list", "-m", id, "--milestone", "nope"], "InvalidValue", /--milestone must be one of plan, implement/],
      [() => ["log", "--type", "Bogus"], "InvalidValue", /--type must be an event type \(.*MissionCreated/],
      [() => ["task", "ready", "--limit", "-1"], "InvalidValue", /--limit must be a whole number, 0 for all/],
      [() => ["handoff", "list", "--status", "bogus"], "InvalidValue", /--status must be one of launching/],
      [() => ["handoff", "list", "--agent", "bogus"], "InvalidValue", /--agent must be one of codex, claude, gemini/],
      [() => ["principle", "add", "--id", "x", "--name", "", "--rule", "r", "--profiles", "implementation", "--mode", "advisory"], "InvalidValue", /--name must not be empty/],
      [() => ["principle", "add", "--id", "p", "--name", "p", "--rule", "r", "--profiles", "implementaton", "--mode", "advisory"], "InvalidValue", /--profiles takes one or more of planning, .*got "implementaton"/],
      [() => ["principle", "outcome", "goal-driven", "helpful", "--handoff", "../../etc"], "InvalidValue", /--handoff "\.\.\/\.\.\/etc" is no handoff id/],
      [() => ["handoff", "do it", "--agent", "codex", "--worktree", "../../evil"], "InvalidValue", /--worktree "\.\.\/\.\.\/evil"/],
      [() => ["mc", "--size", "0x0", "--preview", "dashboard"], "InvalidValue", /--size takes WIDTHxHEIGHT from 40x10 to 500x300/],
      [() => ["mc", "--size", "99999x99999", "--preview", "dashboard"], "InvalidValue", /--size takes WIDTHxHEIGHT/],
    ]));

  it("refuses hostile or oversized text in every field a mission command carries, before any rule", () =>
    table([
      [() => ["feature", "update", "auth-plan", "-m", id, "--status", "blocked", "--reason", "waits\u001b]0;pwned\u0007"], "InvalidValue", /^error: --reason must be printable text/],
      [() => ["validate", "update", "auth-login-works", "-m", id, "--result", "passed", "--evidence", "ok\u202egnp.exe"], "InvalidValue", /^error: --evidence must be printable text/],
      [() => ["checkpoint", "save", "-m", id, "--label", "two\nlines"], "InvalidValue", /^error: --label must be one line/],
      [() => ["checkpoint", "save", "-m", id, "--label", "x".repeat(201)], "InvalidValue", /^error: --label is 201 characters; at most 200/],
      [() => ["mission", "update", id, "--description", "y".repeat(10_241)], "InvalidValue", /^error: --description is 10241 characters; at most 10240/],
    ]));

  it("refuses the paths a user mistypes as plain mistakes, not defects", () =>
    table([
      [() => ["bundle", "export", id, "--out", "/no/such/dir/x.tar.gz"], "InvalidValue", /^error: --out \/no\/such\/dir\/x\.tar\.gz: no such directory \/no\/such\/dir\n$/],
      [() => ["feature", "prompt", "auth-plan", "-m", id, "--out", "/no/such/x.md"], "InvalidValue", /cannot use \/no\/such\/x\.md: no such file or directory/],
    ]));

  it("refuses flags that do not go together, or a value the command cannot use now", () =>
    table([
      [() => ["handoff", "do it", "--agent", "codex", "--base", "main"], "UsageError", /--base is the branch a new worktree starts from: pass it with --worktree/],
      [() => ["task", "create", "x", "--feature", "f"], "UsageError", /--feature needs --mission/],
      [() => ["status", "--at", "3"], "InvalidValue", /--at on a read across missions, tasks and launches takes an ISO time/],
      [() => ["prime", "--at", "3"], "InvalidValue", /takes an ISO time/],
      [() => ["handoff", "list", "--at", "3"], "InvalidValue", /takes an ISO time/],
      [() => ["checkpoint", "restore", "ckp_x", "--at", "1", "-m", id], "UsageError", /name a checkpoint or pass --at <seq\|event-id\|time>, not both/],
      [() => ["mission", "update", id], "NothingToChange", /nothing to update/],
      [() => ["sync", "--branch=--upload-pack=touch /tmp/pwned"], "InvalidValue", /--branch "--upload-pack=touch \/tmp\/pwned" is no branch name/],
      [() => ["sync", "--remote=--upload-pack=x"], "InvalidValue", /--remote "--upload-pack=x" is no remote name/],
    ]));

  it("refuses --at on the live screen, which shows only the present", async () => {
    const before = repo.logs();
    const r = await cli.run(["mc", "--at", "2026-01-01T00:00:00Z"]);
    expect([r.code, r.stderr]).toEqual([1, "error: --at shows a past state, which the live screen does not: use it with --preview or --json\n"]);
    expect(repo.logs()).toEqual(before);
  });

  it("refuses a correction it holds already and a second forget of one entry", async () => {
    const rule = "Prefer token bucket over sliding window";
    await cli.ok(["memory", "correct", rule, "--keywords", "rate"]);
    await refuse(["memory", "correct", rule.toLowerCase(), "--keywords", "rate"], "AlreadyExists", /exists as mem_/);
    const learned = (await cli.json(["memory", "learn", "the cache is per stream"])).events[0].data.id as string;
    await cli.ok(["memory", "forget", learned]);
    await refuse(["memory", "forget", learned], "NothingToChange", /is forgotten already/);
  });

  it("points each usage mistake to the right help, once, and suggests only a near command", () =>
    table([
      [() => ["foo"], "UsageError", /^error: unknown command "foo"; see `maestro --help`\n$/],
      [() => ["mision", "list"], "UsageError", /^error: unknown command "mision"; did you mean `maestro mission`\?; see `maestro --help`\n$/],
      [() => ["task", "claim"], "UsageError", /; see `maestro task claim --help`\n$/],
      [() => ["mission", "show", id, "--bogus"], "UsageError", /^error: Unknown argument: bogus; see `maestro mission show --help`\n$/],
      [() => ["task"], "UsageError", /^error: name a task command; see `maestro task --help`\n$/],
      [() => ["mission", "frobnicate"], "UsageError", /Unknown argument: frobnicate/],
      [() => ["feature", "update", "auth-plan", "-m", id], "UsageError", /Missing required argument: status/],
    ]));

  it("says errors as JSON on stderr with --json: kind, condition and the commands that help", async () => {
    const r = await cli.run(["mission", "show", "msn_nope", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({ error: { code: "not_found", kind: "NotFound", condition: "MissionNotFound", message: 'mission "msn_nope" not found; see `maestro mission list`', hints: ["maestro mission list"] } });
  });

  it("lists in docs/commands.md every condition, under its exit code", () => {
    const rows = readFileSync(join(ROOT, "docs", "commands.md"), "utf8").matchAll(/^\| (\d+) \| (`[A-Z].*`) \|$/gm);
    const documented = Object.fromEntries([...rows].map((r) => [r[1], [...r[2]!.matchAll(/`(\w+)`/g)].map((m) => m[1])]));
    const byCode: Record<string, string[]> = {};
    for (const kind of Object.keys(CONDITIONS) as Kind[]) (byCode[exitCodeOf({ _tag: kind } as MaestroError)] ??= []).push(...CONDITIONS[kind]);
    expect(documented).toEqual(byCode);
  });

  it("shows in docs/team.md each entity's state machine exactly as the code has it", () => {
    const rows = [...readFileSync(join(ROOT, "docs", "team.md"), "utf8").matchAll(/^\| (task|mission|milestone|feature|assertion|principle|memory|handoff) \| ([\w-]+) \|([\w, -]*)\|$/gm)];
    const documented: Record<string, Record<string, string[]>> = {};
    for (const [, entity, status, next] of rows) (documented[entity!] ??= {})[status!] = next!.trim() ? next!.trim().split(", ") : [];
    expect(documented).toEqual({ task: TASK_TRANSITIONS, mission: MISSION_TRANSITIONS, milestone: MILESTONE_TRANSITIONS, feature: FEATURE_TRANSITIONS, assertion: ASSERTION_TRANSITIONS, principle: PRINCIPLE_TRANSITIONS, memory: MEMORY_TRANSITIONS, handoff: HANDOFF_TRANSITIONS });
  });

  it("refuses a write outside a workspace, and status says it is not initialized", async () => {
    const bare = makeRepo({ init: false });
    const here = inProcess(bare);
    expect(await here.refused(["mission", "list"], "WorkspaceNotFound")).toMatch(/no maestro workspace here or above .*; run `maestro init`/);
    expect(await here.ok(["status"])).toMatch(/^not initialized: no maestro workspace here or above .*; run `maestro init`/);
    expect(await here.json(["status"])).toEqual({ initialized: false, cwd: bare.dir });
  });
});
