// What a new user met in the first hour (issue 24), each now what a careful user expects:
// through the real CLI (main in-process, the same code path minus the process start).
import { describe, expect, it } from "vitest";
import { approvedMission, makeRepo } from "@maestro/testkit";
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
