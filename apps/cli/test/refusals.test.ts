import { readdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { fixture, makeRepo, type Repo } from "@maestro/testkit";

// Every refused command exits non-zero with one line on stderr and leaves every log byte as it was.
describe("refused commands change nothing", () => {
  let repo: Repo;
  let id: string;
  beforeAll(() => {
    repo = makeRepo();
    id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
  });

  const refuse = (args: string[], code: number, message: RegExp) => {
    const before = repo.logs();
    const r = repo.run(args);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(r.stdout).toBe("");
    expect(repo.logs()).toEqual(before);
  };

  for (const file of readdirSync(fixture("plans")).filter((f) => f.startsWith("bad-")))
    it(`refuses plan ${file} and leaves no mission behind`, () => {
      const missions = readdirSync(`${repo.dir}/.maestro/missions`);
      refuse(["mission", "create", "--file", fixture("plans", file)], 1, new RegExp(`^error: .*${file.replace(".", "\\.")}: `));
      expect(readdirSync(`${repo.dir}/.maestro/missions`)).toEqual(missions);
    });

  it("refuses invalid transitions, naming what is allowed", () => {
    refuse(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"], 1, /^error: mission "msn_\w+" is draft; approve it first\n$/);
    refuse(["mission", "start", id], 1, /only an approved mission can start/);
    refuse(["mission", "complete", id], 1, /is draft; allowed next: approved, rejected/);
    refuse(["milestone", "seal", "plan", "-m", id], 1, /milestone "plan" is pending; only an executing or validating milestone can be sealed/);
    refuse(["validate", "update", "auth-login-works", "-m", id, "--result", "passed", "--evidence", "x"], 1, /is draft; assertions cannot change now/);
  });

  it("refuses unknown ids with exit 2", () => {
    refuse(["mission", "show", "msn_nope"], 2, /mission "msn_nope" not found/);
    refuse(["feature", "show", "ghost", "-m", id], 2, /feature "ghost" not found/);
    refuse(["milestone", "start", "ghost", "-m", id], 2, /milestone "ghost" not found/);
    refuse(["checkpoint", "restore", "ckp_nope", "-m", id], 2, /checkpoint "ckp_nope" not found/);
    refuse(["validate", "update", "ghost", "-m", id, "--result", "passed", "--evidence", "x"], 2, /assertion "ghost" not found/);
  });

  it("refuses bad flags and path tricks in ids", () => {
    refuse(["feature", "update", "auth-plan", "-m", id, "--status", "finished"], 1, /--status must be one of pending, assigned/);
    refuse(["validate", "update", "auth-login-works", "-m", id, "--result", "ok", "--evidence", "x"], 1, /--result must be one of passed, failed, blocked, waived/);
    refuse(["mission", "show", "../../etc"], 1, /invalid mission id "\.\.\/\.\.\/etc"/);
    refuse(["mission", "show", id, "--at", "0"], 1, /--at takes an event seq/);
    refuse(["mission", "show", id, "--at", "99"], 1, /--at 99 is outside mission/);
    refuse(["mission", "frobnicate"], 1, /Unknown argument: frobnicate/);
    refuse(["feature", "update", "auth-plan", "-m", id], 1, /Missing required argument: status/);
    refuse(["mission", "create", "--file", "/no/such/plan.json"], 1, /cannot read \/no\/such\/plan\.json: no such file/);
  });

  it("points each usage mistake to the right help, once, and suggests only a near command", () => {
    refuse(["foo"], 1, /^error: unknown command "foo"; see `maestro --help`\n$/);
    refuse(["mision", "list"], 1, /^error: unknown command "mision"; did you mean `maestro mission`\?; see `maestro --help`\n$/);
    refuse(["task", "claim"], 1, /; see `maestro task claim --help`\n$/);
    refuse(["mission", "show", id, "--bogus"], 1, /^error: Unknown argument: bogus; see `maestro mission show --help`\n$/);
    refuse(["task"], 1, /^error: name a task command; see `maestro task --help`\n$/);
  });

  it("says errors as JSON on stderr with --json", () => {
    const r = repo.run(["mission", "show", "msn_nope", "--json"]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({ error: { code: "not_found", kind: "NotFound", condition: "MissionNotFound", message: 'mission "msn_nope" not found; see `maestro mission list`', hints: ["maestro mission list"] } });
  });

  it("refuses to run outside a workspace", () => {
    const bare = makeRepo({ init: false });
    const r = bare.run(["mission", "list"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no maestro workspace here or above .*; run `maestro init`/);
  });
});
