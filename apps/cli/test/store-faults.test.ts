import { createHash } from "node:crypto";
import { appendFileSync, copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, git, makeRepo, segmentFiles, type Repo } from "@maestro/testkit";

const fixtureId = () => JSON.parse(readFileSync(fixture("logs", "mission-v1.jsonl"), "utf8").split("\n")[0]!).data.missionId as string;

/** A workspace whose one mission log is the named fixture (a log from before segments, read as one). */
const withLog = (name: string) => {
  const repo = makeRepo();
  const id = fixtureId();
  const dir = join(repo.dir, ".maestro", "missions", id);
  mkdirSync(dir, { recursive: true });
  copyFileSync(fixture("logs", `${name}.jsonl`), join(dir, "events.jsonl"));
  return { repo, id, path: join(dir, "events.jsonl") };
};

/** `mission show --json` as the log folds it (without `spend`, which is read from the launches now) */
const shown = (repo: Repo, id: string) => {
  const { spend: _, ...state } = repo.json(["mission", "show", id]);
  return state;
};
const v1State = () => JSON.parse(readFileSync(fixture("logs", "mission-v1.state.json"), "utf8"));

describe("golden logs", () => {
  it("folds a log from before segments to its recorded state", () => {
    const { repo, id } = withLog("mission-v1");
    expect(shown(repo, id)).toEqual(v1State());
    expect(repo.ok(["log", "verify", "-m", id])).toMatch(/^ok\s+mission msn_\w+: 10 events in 1 segment/);
  });

  it("folds a mission's segment folder to its recorded state", () => {
    const repo = makeRepo();
    const state = JSON.parse(readFileSync(fixture("logs", "mission-valid.state.json"), "utf8"));
    cpSync(fixture("logs", "mission-valid"), join(repo.dir, ".maestro", "missions", state.mission.id), { recursive: true });
    expect(shown(repo, state.mission.id)).toEqual(state);
    expect(repo.ok(["log", "verify", "-m", state.mission.id])).toMatch(/^ok\s+mission msn_\w+: 10 events in 1 segment/);
  });
});

describe("a torn tail", () => {
  it("is skipped by reads, reported by verify, and quarantined by the next append", () => {
    const { repo, id, path } = withLog("mission-torn-tail");
    const torn = readFileSync(path);
    // reads stay correct and change nothing
    expect(shown(repo, id)).toEqual(v1State());
    expect(readFileSync(path)).toEqual(torn);
    expect(repo.ok(["log", "verify"])).toMatch(/ok\s+mission msn_\w+: 10 events.*torn last write of 40 bytes/);
    // the next append repairs the tail first
    const r = repo.run(["checkpoint", "save", "-m", id, "--label", "after-crash"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: mission msn_\w+: moved a torn last line \(40 bytes\) to .*events\.jsonl\.quarantine/);
    expect(readFileSync(`${path}.quarantine`, "utf8")).toBe(torn.subarray(torn.length - 40).toString() + "\n");
    expect(repo.ok(["log", "verify", "-m", id])).toMatch(/^ok\s+mission msn_\w+: 11 events in 2 segment\(s\)\n$/);
    expect(repo.json(["log", "-m", id]).map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("left by a writer that died mid-append (SIGKILL after half a line) is repaired by the next append", () => {
    const { repo, id, path } = withLog("mission-v1");
    const before = readFileSync(path);
    const dying = repo.run(["checkpoint", "save", "-m", id], { env: { NODE_OPTIONS: `--require ${fixture("faults", "die-mid-append.cjs")}` } });
    expect(dying.code).not.toBe(0);
    // the old single file is never appended to: the write went to this clone's own segment
    expect(readFileSync(path)).toEqual(before);
    const [segment] = segmentFiles(dirname(path)).filter((f) => f !== path);
    const torn = readFileSync(segment!);
    expect(torn.length).toBeGreaterThan(0);
    expect(torn[torn.length - 1]).not.toBe(10);
    expect(repo.json(["checkpoint", "list", "-m", id]).checkpoints).toHaveLength(1);
    // the dead writer's lock is broken once stale, and the append goes through, to the same segment
    repo.ok(["checkpoint", "save", "-m", id]);
    expect(repo.json(["checkpoint", "list", "-m", id]).checkpoints).toHaveLength(2);
    expect(repo.ok(["log", "verify", "-m", id])).toMatch(/^ok\s+mission msn_\w+: 11 events in 2 segment\(s\)\n$/);
    expect(readFileSync(`${segment}.quarantine`)).toEqual(Buffer.concat([torn, Buffer.from("\n")]));
  }, 60_000);
});

describe("a corrupt middle line", () => {
  it("is named by verify (exit 4), fails reads with exit 4, and blocks writes leaving bytes unchanged", () => {
    const { repo, id, path } = withLog("mission-corrupt-middle");
    const bytes = readFileSync(path);
    const v = repo.run(["log", "verify"]);
    expect(v.code).toBe(4);
    expect(v.stdout).toMatch(/BAD\s+mission msn_\w+: \S*events\.jsonl:5: not valid JSON/);
    const show = repo.run(["mission", "show", id]);
    expect(show.code).toBe(4);
    expect(show.stderr).toMatch(/^error: mission msn_\w+ is corrupt at events\.jsonl:5: not valid JSON; run `maestro log verify`/);
    const w = repo.run(["checkpoint", "save", "-m", id]);
    expect(w.code).toBe(4);
    expect(readFileSync(path)).toEqual(bytes);
    // the other missions are not hidden by the broken one: reads that span missions name it and go on
    const other = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    for (const args of [["mission", "list"], ["status"], ["mc", "--preview", "dashboard", "--size", "100x30"]]) {
      const r = repo.run(args);
      expect([args.join(" "), r.code]).toEqual([args.join(" "), 0]);
      expect(r.stdout).toContain(other);
      expect(r.stderr).toContain(`warning: mission ${id} cannot be read (`);
      expect(r.stderr).toContain(`\`maestro log verify -m ${id}\` names the line`);
    }
  });

  it("edited by hand is caught by the hash chain at the line after it", () => {
    const { repo, id, path } = withLog("mission-edited-middle");
    const v = repo.run(["log", "verify", "--json", "-m", id]);
    expect(v.code).toBe(4);
    const report = JSON.parse(v.stdout);
    expect(report.ok).toBe(false);
    expect(report.streams[0].problem).toEqual({ file: path, line: 4, reason: "prev hash does not match line 3 of segment events.jsonl (a line before it was edited, removed or inserted)" });
  });
});

// Reads check lines with guards generated from the Schemas and load Schema only for a line
// the guards do not vouch for (the CLI then runs the command again): such lines must read
// exactly as Schema decodes them, and fail with Schema's reasons.
describe("status's verify", () => {
  const tasksFile = (repo: Repo) => segmentFiles(join(repo.dir, ".maestro", "tasks"))[0]!;
  const warnings = (repo: Repo) => repo.json(["status"]).warnings.map((w: any) => w.what);

  it("reads only what was appended since it last looked, and still finds a line edited in bytes it verified before", () => {
    const repo = makeRepo();
    for (const t of ["one", "two", "three"]) repo.ok(["task", "create", t]);
    expect(warnings(repo)).toEqual([]);
    const mark = join(repo.dir, ".maestro", ".cache", "tasks.json.verified");
    expect(JSON.parse(readFileSync(mark, "utf8"))).toMatchObject({ events: 3 });
    // appended since: verified on their own, the mark moves on
    repo.ok(["task", "create", "four"]);
    expect(warnings(repo)).toEqual([]);
    expect(JSON.parse(readFileSync(mark, "utf8"))).toMatchObject({ events: 4 });
    // a verified line edited in place, same length: the mark's hash no longer holds, so all is verified again, and the edit named
    const file = tasksFile(repo);
    writeFileSync(file, readFileSync(file, "utf8").replace('"title":"two"', '"title":"twO"'));
    expect(warnings(repo)).toEqual([expect.stringMatching(/^tasks: \S+:3: prev hash does not match line 2/)]);
  });

  it("names a line appended after its last look that does not chain onto its segment (the fold reads it; verify does not vouch for it)", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "one"]);
    expect(warnings(repo)).toEqual([]);
    const first = JSON.parse(readFileSync(tasksFile(repo), "utf8").split("\n")[0]!);
    appendFileSync(tasksFile(repo), JSON.stringify({ ...first, seq: 2, clock: (first.clock ?? 1) + 1, id: "ev_forgedline1", prev: "0".repeat(64) }) + "\n");
    expect(warnings(repo)).toEqual(expect.arrayContaining([expect.stringMatching(/^tasks: \S+:2: prev hash does not match line 1/)]));
  });
});

describe("lines the generated guards do not vouch for", () => {
  /** The valid fixture with every line rewritten by `edit`, its hash chain made good again. */
  const rewritten = (edit: (env: Record<string, any>, line: number) => Record<string, any>) => {
    const { repo, id, path } = withLog("mission-v1");
    let prev = "";
    const lines = readFileSync(path, "utf8").trimEnd().split("\n").map((l, i) => {
      const out = JSON.stringify({ ...edit(JSON.parse(l), i + 1), prev });
      prev = createHash("sha256").update(out).digest("hex");
      return out;
    });
    writeFileSync(path, lines.join("\n") + "\n");
    return { repo, id, path };
  };
  const state = v1State;

  it("read as Schema decodes them: keys this build does not know are dropped", () => {
    const { repo, id } = rewritten((e) => ({ ...e, host: "elsewhere", data: { ...e.data, note: "from another build" } }));
    expect(shown(repo, id)).toEqual(state());
    expect(repo.json(["feature", "list", "-m", id])).toEqual(repo.json(["feature", "list", "-m", id, "--at", "10"]));
    expect(repo.json(["log", "-m", id]).map((e: any) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(repo.ok(["log", "verify", "-m", id])).toMatch(/^ok\s+mission msn_\w+: 10 events/);
  });

  it("fail with Schema's reason, naming the line, and leave the log as it was", () => {
    const { repo, id, path } = rewritten((e, n) => (n === 5 ? { ...e, v: "one" } : n === 6 ? { ...e, data: { ...e.data, to: "nowhere" } } : e));
    const bytes = readFileSync(path);
    const show = repo.run(["mission", "show", id]);
    expect(show.code).toBe(4);
    expect(show.stderr).toMatch(/^error: mission msn_\w+ is corrupt at events\.jsonl:5: v must be a number, got "one"; run `maestro log verify`/);
    const v = repo.run(["log", "verify", "-m", id]);
    expect(v.code).toBe(4);
    expect(v.stdout).toMatch(/BAD\s+mission msn_\w+: \S*events\.jsonl:5: v must be a number, got "one"/);
    expect(repo.run(["checkpoint", "save", "-m", id]).code).toBe(4);
    expect(readFileSync(path)).toEqual(bytes);
    // with line 5 mended, line 6 is the first bad one: an event whose data does not decode
    const mended = readFileSync(path, "utf8").split("\n");
    mended[4] = mended[4]!.replace('"v":"one"', '"v":1');
    writeFileSync(path, mended.join("\n"));
    expect(repo.run(["mission", "show", id]).stderr).toMatch(/corrupt at events\.jsonl:6: FeatureStatusChanged: to must be one of pending, assigned, in-progress, review, done, blocked, got "nowhere"/);
  });

  it("are decoded by the store, which folds again: a command with side effects runs once", () => {
    // principles from another build (a key this one does not know) are read after the handoff has added its worktree
    const repo = makeRepo();
    const [segment] = segmentFiles(join(repo.dir, ".maestro", "principles"));
    let prev = "";
    const lines = readFileSync(segment!, "utf8").trimEnd().split("\n").map((l) => {
      const e = JSON.parse(l);
      const out = JSON.stringify({ ...e, prev, data: { ...e.data, note: "from another build" } });
      prev = createHash("sha256").update(out).digest("hex");
      return out;
    });
    writeFileSync(segment!, lines.join("\n") + "\n");
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-qm", "principles"]);
    const r = repo.run(["handoff", "work in a tree", "--agent", "codex", "--wait", "--json", "--worktree", "other-build"], { env: { PATH: `${fixture("agents")}:${process.env.PATH}` } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).worktree.branch).toBe("other-build");
    expect(git(repo, ["worktree", "list"]).trim().split("\n")).toHaveLength(2);
  });
});

describe("a defect in maestro", () => {
  it("is said as a bug in one line, writes nothing, and --verbose prints a stack of source files", () => {
    const repo = makeRepo();
    // (the logs: this clone's note of which segment it writes, .local/, may stay)
    const logs = () => Object.fromEntries(Object.entries(repo.logs()).filter(([f]) => f.endsWith(".jsonl")));
    const before = logs();
    const env = { NODE_OPTIONS: `--require ${fixture("faults", "throw-on-append.cjs")}` };
    const r = repo.run(["task", "create", "Boom"], { env });
    expect([r.code, r.stderr]).toEqual([70, "error: this is a bug in maestro: injected defect (run with --verbose for the stack)\n"]);
    const v = repo.run(["task", "create", "Boom", "--verbose"], { env });
    expect(v.code).toBe(70);
    // the frames inside maestro name its TypeScript sources, not the minified bundle
    expect(v.stderr).toMatch(/^\s+at .*\(?packages\/store\/src\/\w+\.ts:\d+:\d+\)?$/m);
    expect(v.stderr).not.toMatch(/maestro\.cjs:\d+/);
    expect(logs()).toEqual(before);
  });
});
