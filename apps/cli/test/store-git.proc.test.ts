// What git, the machine and a teammate do to the store every day, done for real: a paused
// lock holder, a dead one, a `git add`/`git commit` loop racing writers, a reset after a
// push, a clone with core.autocrlf, a `cp -r` of a checkout, and hostile entries a
// teammate's commit can bring in. Real git, real processes; nothing is waited out.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, fixture, git, makeRemote, makeRepo, segmentFiles, type Repo } from "@maestro/testkit";

const tasksDir = (r: Repo) => join(r.dir, ".maestro", "tasks");
const lockOf = (r: Repo) => join(r.dir, ".maestro", ".local", "locks", "tasks.lock");
const deadPid = () => Number(readFileSync("/proc/sys/kernel/pid_max", "utf8")) + 1;
const titles = (r: Repo) => r.json(["task", "list"]).map((t: any) => t.title).sort();

/** Resolves with a child's stderr once it contains `text` (driven by its output, not a clock). */
const said = (child: ReturnType<typeof spawn>, text: string, into: { err: string }) =>
  new Promise<void>((resolve, reject) => {
    child.stderr!.on("data", (d) => {
      into.err += d;
      if (into.err.includes(text)) resolve();
    });
    child.on("close", () => (into.err.includes(text) ? resolve() : reject(new Error(`exited without saying "${text}": ${into.err}`))));
  });

const exitOf = (child: ReturnType<typeof spawn>) => new Promise<number>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on("close", (c) => resolve(c ?? -1))));

describe("the lock", () => {
  it("is kept by a paused holder: a second writer waits, names it, and both events land once when it resumes", async () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "First"]);
    const holder = spawn(process.execPath, [BIN, "task", "create", "Paused"], { cwd: repo.dir, env: { ...repo.env, NODE_OPTIONS: `--require ${fixture("faults", "stop-holding-lock.cjs")}` } });
    const waiter = { err: "" };
    try {
      await said(holder, "holding", { err: "" });
      const second = spawn(process.execPath, [BIN, "task", "create", "Waiting"], { cwd: repo.dir, env: repo.env });
      await said(second, "waiting for tasks", waiter);
      expect(waiter.err).toContain(`held by pid ${holder.pid}`);
      expect(waiter.err).toContain("which is running");
      // a bound of its own (0s: give up at once, no waiting out a clock), given as a duration and said as given; a bound that is none is refused, writing nothing
      const before = repo.logs();
      const impatient = repo.run(["task", "create", "Impatient"], { env: { MAESTRO_LOCK_WAIT: "0s" } });
      expect([impatient.code, impatient.stderr]).toEqual([3, expect.stringContaining("could not lock tasks within 0s")]);
      const bad = repo.run(["task", "create", "Bad"], { env: { MAESTRO_LOCK_WAIT: "soon" } });
      expect([bad.code, bad.stderr]).toEqual([1, 'error: MAESTRO_LOCK_WAIT takes milliseconds or a duration (5000, 30s, 2m), got "soon"\n']);
      expect(repo.logs()).toEqual(before);
      holder.kill("SIGCONT");
      expect(await exitOf(holder)).toBe(0);
      expect(await exitOf(second)).toBe(0);
    } finally {
      holder.kill("SIGKILL");
    }
    expect(titles(repo)).toEqual(["First", "Paused", "Waiting"]);
    expect(repo.json(["log", "--tasks"]).map((e: any) => e.seq)).toEqual([1, 2, 3]);
    expect(repo.run(["log", "verify"]).code).toBe(0);
  });

  it("of a dead holder is broken at once, without waiting; doctor names it first", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "First"]);
    mkdirSync(join(lockOf(repo), ".."), { recursive: true });
    writeFileSync(lockOf(repo), JSON.stringify({ pid: deadPid(), host: hostname(), at: new Date().toISOString(), token: "dead" }));
    const d = JSON.parse(repo.run(["doctor", "--json"]).stdout).findings.find((f: any) => f.check === "stale-lock");
    expect(d.what).toMatch(/held by pid \d+, which is dead/);
    const r = repo.run(["task", "create", "Second"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(existsSync(lockOf(repo))).toBe(false);
    expect(titles(repo)).toEqual(["First", "Second"]);
  });
});

/** Every blob each `.maestro` segment path had in any commit, and in the index. */
const recordedBlobs = (r: Repo): Map<string, Set<string>> => {
  const out = new Map<string, Set<string>>();
  const add = (path: string, blob: string) => (out.get(path) ?? out.set(path, new Set()).get(path)!).add(blob);
  for (const commit of git(r, ["rev-list", "--all"]).trim().split("\n"))
    for (const row of git(r, ["ls-tree", "-r", commit, "--", ".maestro"]).trim().split("\n").filter((l) => l.endsWith(".jsonl"))) {
      const [meta, path] = row.split("\t");
      add(path!, meta!.split(" ")[2]!);
    }
  for (const row of git(r, ["ls-files", "-s", "--", ".maestro"]).trim().split("\n").filter((l) => l.endsWith(".jsonl"))) {
    const [meta, path] = row.split("\t");
    add(path!, meta!.split(" ")[1]!);
  }
  return out;
};

describe("git racing writers", () => {
  it("a git add/commit loop racing 16 writers never records a segment that changes afterwards", async () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Seed"]);
    const stop = join(repo.dir, ".stop-loop");
    // the teammate's habit: commit everything, again and again (a failed add or commit is git's own refusal: try again)
    const loop = spawn("bash", ["-c", `while [ ! -e ${stop} ]; do git add -A .maestro 2>/dev/null; git commit -q -m loop 2>/dev/null; done; true`], { cwd: repo.dir, env: repo.env, stdio: "ignore" });
    const writers = Array.from({ length: 16 }, (_, w) =>
      spawn("bash", ["-c", `for i in 1 2 3; do "${process.execPath}" "${BIN}" task create "w${w}-$i" || exit 1; done`], { cwd: repo.dir, env: repo.env, stdio: "ignore" }),
    );
    try {
      expect(await Promise.all(writers.map(exitOf))).toEqual(Array(16).fill(0));
    } finally {
      writeFileSync(stop, "");
    }
    expect(await exitOf(loop)).toBe(0);
    git(repo, ["add", "-A", ".maestro"]);
    git(repo, ["commit", "-q", "--allow-empty", "-m", "last"]);
    // each path git ever recorded has one content, and the file on disk is still it
    const blobs = recordedBlobs(repo);
    expect(blobs.size).toBeGreaterThan(1);
    for (const [path, set] of blobs) {
      expect([path, set.size]).toEqual([path, 1]);
      expect(spawnSync("git", ["hash-object", path], { cwd: repo.dir, encoding: "utf8" }).stdout.trim()).toBe([...set][0]);
    }
    expect(titles(repo)).toHaveLength(1 + 16 * 3);
    expect(repo.run(["log", "verify"]).code).toBe(0);
  }, 120_000);

  it("after a reset of a pushed commit, the pushed segment is not appended to and the next pull merges cleanly", () => {
    const host = makeRemote();
    const alice = host.first("alice");
    alice.ok(["task", "create", "Pushed"]);
    alice.ok(["sync"]);
    const pushed = new Map(segmentFiles(tasksDir(alice)).map((f) => [f, readFileSync(f)]));
    git(alice, ["reset", "-q", "HEAD~1"]);
    alice.ok(["task", "create", "After reset"]);
    for (const [f, bytes] of pushed) expect(readFileSync(f)).toEqual(bytes);
    expect(segmentFiles(tasksDir(alice)).length).toBe(pushed.size + 1);
    const bob = host.clone("bob");
    bob.ok(["task", "create", "Bob's"]);
    bob.ok(["sync"]);
    const s = alice.run(["sync"]);
    expect(s.code, s.stderr).toBe(0);
    expect(titles(alice)).toEqual(["After reset", "Bob's", "Pushed"]);
    expect(alice.run(["log", "verify"]).code).toBe(0);
  });
});

describe("a checkout git or a copy changed", () => {
  it("init writes .gitattributes, so a core.autocrlf clone gets the bytes as written", () => {
    const host = makeRemote();
    const alice = host.first("alice");
    expect(readFileSync(join(alice.dir, ".maestro", ".gitattributes"), "utf8")).toBe("*.jsonl -text\n");
    alice.ok(["task", "create", "Written on Linux"]);
    alice.ok(["sync"]);
    const bob = host.clone("bob");
    git(bob, ["config", "core.autocrlf", "true"]);
    rmSync(join(bob.dir, ".maestro"), { recursive: true });
    git(bob, ["checkout", "--", "."]);
    for (const f of segmentFiles(tasksDir(bob))) expect(readFileSync(f).includes(13)).toBe(false);
  });

  it("a store converted by core.autocrlf (made before .gitattributes) reads, verifies, takes writes and syncs", () => {
    const host = makeRemote();
    const alice = host.first("alice");
    alice.ok(["task", "create", "One"]);
    alice.ok(["task", "create", "Two"]);
    rmSync(join(alice.dir, ".maestro", ".gitattributes"));
    alice.ok(["sync"]);
    const bob = host.clone("bob");
    git(bob, ["config", "core.autocrlf", "true"]);
    rmSync(join(bob.dir, ".maestro"), { recursive: true });
    git(bob, ["checkout", "--", "."]);
    const converted = segmentFiles(tasksDir(bob));
    expect(converted.some((f) => readFileSync(f).includes("\r\n"))).toBe(true);
    expect(titles(bob)).toEqual(["One", "Two"]);
    expect(bob.run(["log", "verify"]).code).toBe(0);
    bob.ok(["task", "create", "Three"]);
    // with .gitattributes back, git sees the converted bytes as changed: doctor gives them back
    const found = JSON.parse(bob.run(["doctor", "--repair", "--json"]).stdout).findings.filter((f: any) => f.check === "converted");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f: any) => f.repaired === "wrote git's bytes back")).toBe(true);
    expect(git(bob, ["status", "--porcelain", "--untracked-files=no", "--", ".maestro"]), git(bob, ["diff"]) + git(bob, ["ls-files", "--eol", ".maestro"])).toBe("");
    const s = bob.run(["sync"]);
    expect(s.code, s.stderr).toBe(0);
    alice.ok(["sync"]);
    expect(titles(alice)).toEqual(["One", "Three", "Two"]);
  });

  it("a cp -r copy of a checkout writes segments of its own, never the original's, and the two sync", () => {
    const host = makeRemote();
    const a = host.first("alice");
    a.ok(["task", "create", "Before the copy"]);
    const copyDir = join(mkdtempSync(join(tmpdir(), "maestro-copy-")), "repo");
    cpSync(a.dir, copyDir, { recursive: true });
    const b = makeRepo({ dir: copyDir, init: false, git: false });
    const before = new Map(segmentFiles(tasksDir(a)).map((f) => [basename(f), readFileSync(f)]));
    a.ok(["task", "create", "In the original"]);
    b.ok(["task", "create", "In the copy"]);
    const replica = (r: Repo) => readFileSync(join(r.dir, ".maestro", ".local", "replica"), "utf8").split(" ")[0];
    expect(replica(a)).not.toBe(replica(b));
    // the copy's write went to a new segment of its own replica; the shared one is as it was when copied
    const fresh = segmentFiles(tasksDir(b)).filter((f) => !before.has(basename(f)));
    expect(fresh.map((f) => basename(f).split("-")[0])).toEqual([replica(b)]);
    for (const [name, bytes] of before) expect(readFileSync(join(tasksDir(b), name))).toEqual(bytes);
    // both commit the segment the original went on writing: the longer holds the shorter, and sync takes it
    b.ok(["sync"]);
    const s = a.run(["sync"]);
    expect(s.code, s.stderr).toBe(0);
    b.ok(["sync"]);
    expect(titles(a)).toEqual(["Before the copy", "In the copy", "In the original"]);
    expect(titles(b)).toEqual(titles(a));
    expect(a.run(["log", "verify"]).code).toBe(0);
  });

  it("a segment appended to after git recorded it (an older maestro) is split by doctor --repair: git's bytes back, the rest in a segment of its own", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Committed"]);
    git(repo, ["add", "-A"]);
    git(repo, ["commit", "-q", "-m", "tasks"]);
    const [seg] = segmentFiles(tasksDir(repo));
    const recorded = readFileSync(seg!);
    const first = JSON.parse(recorded.toString("utf8").split("\n")[0]!);
    const grown = JSON.stringify({ ...first, id: "ev_grownline01", seq: 2, prev: createHash("sha256").update(recorded.subarray(0, -1)).digest("hex"), clock: 2, data: { ...first.data, taskId: "tsk_grown00001", slug: "grown", title: "Appended late" } });
    writeFileSync(seg!, Buffer.concat([recorded, Buffer.from(`${grown}\n`)]));
    expect(titles(repo)).toEqual(["Appended late", "Committed"]);
    const fix = JSON.parse(repo.run(["doctor", "--repair", "--json"]).stdout).findings.find((f: any) => f.check === "grown-segment");
    expect(fix.repaired).toMatch(/^moved 1 line\(s\) to \S+\.jsonl/);
    expect(readFileSync(seg!)).toEqual(recorded);
    expect(git(repo, ["status", "--porcelain", "--untracked-files=no"])).toBe("");
    expect(titles(repo)).toEqual(["Appended late", "Committed"]);
    expect(repo.run(["log", "verify"]).code).toBe(0);
  });

  it("compact works in a fresh clone (its lock folder made on the way)", () => {
    const host = makeRemote();
    const alice = host.first("alice");
    alice.ok(["task", "create", "One"]);
    git(alice, ["add", "-A"]);
    git(alice, ["commit", "-q", "-m", "one"]);
    alice.ok(["task", "create", "Two"]);
    alice.ok(["sync"]);
    const bob = host.clone("bob");
    expect(existsSync(join(bob.dir, ".maestro", ".local"))).toBe(false);
    const r = bob.run(["compact"]);
    expect(r.code, r.stderr).toBe(0);
    expect(titles(bob)).toEqual(["One", "Two"]);
  });
});

/** A valid line of the tasks stream, as a teammate's new segment of its own, with the given clock. */
const foreignSegment = (r: Repo, clock: number, name = "zzzz-teammate.jsonl") => {
  const [first] = segmentFiles(tasksDir(r));
  const env = JSON.parse(readFileSync(first!, "utf8").split("\n")[0]!);
  const line = JSON.stringify({ ...env, id: "ev_hostile0001", seq: 1, prev: "", clock, data: { ...env.data, taskId: "tsk_hostile001", slug: "hostile", title: "Hostile" } });
  writeFileSync(join(tasksDir(r), name), `${line}\n`);
  return join(tasksDir(r), name);
};

describe("hostile entries in a stream folder", () => {
  it("a clock near 2^53 is refused on read naming the file; doctor --repair sets the file aside and the store works again", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Mine"]);
    const path = foreignSegment(repo, 2 ** 53 - 3);
    const r = repo.run(["task", "list"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/zzzz-teammate\.jsonl:1: clock \d+ is past the bound/);
    const fix = repo.run(["doctor", "--repair", "--json"]);
    const f = JSON.parse(fix.stdout).findings.find((x: any) => x.where === path || String(x.what).includes("zzzz-teammate"));
    expect(f.repaired).toMatch(/set aside/);
    expect(existsSync(path)).toBe(false);
    expect(titles(repo)).toEqual(["Mine"]);
    repo.ok(["task", "create", "After"]);
    expect(repo.run(["log", "verify"]).code).toBe(0);
  });

  it("a symlink, a FIFO and a directory named like segments are skipped by every command and named by doctor; the outside file is untouched", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Mine"]);
    const outside = join(mkdtempSync(join(tmpdir(), "maestro-outside-")), "precious.txt");
    writeFileSync(outside, "not maestro's\n");
    symlinkSync(outside, join(tasksDir(repo), "link-x.jsonl"));
    expect(spawnSync("mkfifo", [join(tasksDir(repo), "fifo-x.jsonl")]).status).toBe(0);
    mkdirSync(join(tasksDir(repo), "dir-x.jsonl"));
    expect(titles(repo)).toEqual(["Mine"]);
    repo.ok(["task", "create", "Second"]);
    expect(repo.run(["log", "verify"]).code).toBe(0);
    expect(repo.run(["compact"]).code).toBe(0);
    const doctor = JSON.parse(repo.run(["doctor", "--repair", "--json"]).stdout).findings.filter((f: any) => f.check === "stray-entry");
    expect(doctor.map((f: any) => f.what).join("\n")).toMatch(/link-x\.jsonl is a symlink[\s\S]*/);
    expect(doctor).toHaveLength(3);
    expect(readFileSync(outside, "utf8")).toBe("not maestro's\n");
    expect(titles(repo)).toEqual(["Mine", "Second"]);
  });

  it("a 30 MB line is refused by file and line, and status still answers", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Mine"]);
    writeFileSync(join(tasksDir(repo), "zzzz-huge.jsonl"), `${"x".repeat(30 << 20)}\n`);
    const r = repo.run(["task", "list"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/zzzz-huge\.jsonl:1: a line of over 4 MiB/);
    expect(repo.run(["log", "verify"]).stdout).toMatch(/zzzz-huge\.jsonl:1: a line of over 4 MiB/);
    const s = repo.run(["status"]);
    expect(s.stdout + s.stderr).toMatch(/zzzz-huge\.jsonl/);
  });

  it("two different lines under one (segment, seq) are corruption, never a line read from whichever file sorts first", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "Mine"]);
    const [seg] = segmentFiles(tasksDir(repo));
    // a second line 1 of the same segment, in the same file
    const line = readFileSync(seg!, "utf8").split("\n")[0]!;
    writeFileSync(seg!, `${line}\n${line.replace('"Mine"', '"Forged"')}\n`);
    const r = repo.run(["task", "list"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/two different lines 1|has line 1 twice|seq 1 where 2 was expected/);
  });
});

describe("version vectors", () => {
  it("stay at team size however many segments commits make, and still restore exactly", () => {
    const repo = makeRepo();
    const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id as string;
    repo.ok(["mission", "approve", id]);
    repo.ok(["checkpoint", "save", "-m", id, "--label", "approved"]);
    const approved = repo.json(["mission", "show", id]);
    for (let i = 0; i < 12; i++) {
      git(repo, ["add", "-A"]);
      git(repo, ["commit", "-q", "-m", `c${i}`]);
      repo.ok(["checkpoint", "save", "-m", id, "--label", `save ${i}`]);
    }
    repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    expect(segmentFiles(join(repo.dir, ".maestro", "missions", id)).length).toBeGreaterThan(12);
    const last = repo.json(["log", "-m", id, "--type", "CheckpointSaved", "--limit", "1"])[0];
    const replica = readFileSync(join(repo.dir, ".maestro", ".local", "replica"), "utf8").split(" ")[0]!;
    expect(Object.keys(last.data.vector)).toEqual([replica]);
    const first = repo.json(["checkpoint", "list", "-m", id]).checkpoints.find((c: any) => c.label === "approved");
    repo.ok(["checkpoint", "restore", first.id, "-m", id]);
    expect(repo.json(["mission", "show", id]).features).toEqual(approved.features);
    expect(repo.json(["mission", "show", id, "--at", first.id]).features).toEqual(approved.features);
  });

  it("a restore tells which clone's concurrent work it undid", () => {
    const host = makeRemote();
    const alice = host.first("alice");
    const id = alice.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id as string;
    alice.ok(["mission", "approve", id]);
    alice.ok(["checkpoint", "save", "-m", id, "--label", "approved"]);
    alice.ok(["sync"]);
    const bob = host.clone("bob");
    bob.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
    bob.ok(["sync"]);
    const ckp = alice.json(["checkpoint", "list", "-m", id]).checkpoints[0].id;
    // (one more write first, so the restore sorts after bob's concurrent command in fold order)
    alice.ok(["checkpoint", "save", "-m", id, "--label", "before the restore"]);
    alice.ok(["checkpoint", "restore", ckp, "-m", id]);
    alice.ok(["sync"]);
    const bobReplica = readFileSync(join(bob.dir, ".maestro", ".local", "replica"), "utf8").split(" ")[0]!;
    const conflicts = alice.json(["log", "--conflicts"]);
    expect(conflicts.map((c: any) => c.reason)).toEqual([`restore of ${ckp} undid what clone ${bobReplica} wrote concurrently with it`]);
  });
});

describe("repair on three clones", () => {
  it("a hand-merged segment keeps the chain a third clone built on, so every clone verifies after the repair", () => {
    const host = makeRemote();
    const alice = host.first("alice");
    alice.ok(["task", "create", "Base"]);
    alice.ok(["sync"]);
    const bob = host.clone("bob");
    const [seg] = segmentFiles(tasksDir(alice));
    const name = basename(seg!);
    /** A second line for the segment, chained to its first, as an older maestro appending to a tracked segment wrote it. */
    const second = (r: Repo, title: string) => {
      const file = join(tasksDir(r), name);
      const first = readFileSync(file, "utf8").split("\n")[0]!;
      const env = JSON.parse(first);
      const line = JSON.stringify({ ...env, id: `ev_${title}0000000`.slice(0, 15), seq: 2, prev: createHash("sha256").update(first).digest("hex"), clock: 2, data: { ...env.data, taskId: `tsk_${title}00000`.slice(0, 14), slug: title, title } });
      writeFileSync(file, `${first}\n${line}\n`);
    };
    second(alice, "alices");
    git(alice, ["commit", "-q", "-am", "alice appends"]);
    git(alice, ["push", "-q", "origin", "HEAD:main"]);
    // carol builds on alice's line: her first event records having seen it
    const carol = host.clone("carol");
    carol.ok(["task", "create", "Carol"]);
    carol.ok(["sync"]);
    // bob forked the same segment, and merges with git's markers left in
    second(bob, "bobs");
    git(bob, ["commit", "-q", "-am", "bob appends"]);
    expect(spawnSync("git", ["pull", "-q", "--no-rebase", "--no-edit", "origin", "main"], { cwd: bob.dir, env: bob.env }).status).not.toBe(0);
    expect(readFileSync(join(tasksDir(bob), name), "utf8")).toMatch(/^<<<<<<< /m);
    git(bob, ["commit", "-q", "-am", "merged, markers and all"]);
    expect(bob.run(["log", "verify"]).code).toBe(4);
    const fix = JSON.parse(bob.run(["doctor", "--repair", "--json"]).stdout).findings.find((f: any) => f.check === "conflict-markers");
    expect(fix.repaired).toMatch(/^kept 3 lines; the other side's 1 moved to/);
    // the line carol saw (alice's) is still the segment's line 2
    expect(readFileSync(join(tasksDir(bob), name), "utf8")).toContain('"title":"alices"');
    expect(bob.run(["log", "verify"]).code).toBe(0);
    bob.ok(["sync"]);
    alice.ok(["sync"]);
    carol.ok(["sync"]);
    for (const r of [alice, bob, carol]) {
      expect(r.run(["log", "verify"]).code).toBe(0);
      expect(titles(r)).toEqual(["Base", "Carol", "alices", "bobs"]);
    }
  });
});
