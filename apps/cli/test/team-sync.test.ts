// Two teammates share maestro state through git, as they share code: two clones of one bare
// remote write concurrently (creates, the same claim, edits of one task, feature moves,
// checkpoints), then every way git combines work must merge with no conflict, on the host's
// side (`git merge-tree --write-tree` in the bare repo, what a PR's merge button runs) and
// locally, and both clones must then fold the same lines to the same state.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, git, makeRepo, makeTeam, segmentFiles, type Repo } from "@maestro/testkit";

const commitAll = (r: Repo, message: string) => {
  git(r, ["add", "-A"]);
  git(r, ["commit", "-q", "--allow-empty", "-m", message]);
};


/** What both clones must agree on, as bytes. */
const views = (r: Repo, mission: string) => ({
  tasks: r.ok(["task", "list", "--json"]),
  mission: r.ok(["mission", "show", mission, "--json"]),
  conflicts: r.ok(["log", "--conflicts", "--json"]),
  events: JSON.parse(r.ok(["log", "--json"])).map((e: any) => e.id).sort(),
});

/** Concurrent work on both sides, round `n`: creates, the same claim, edits of one task, a feature move, a checkpoint. */
const work = (alice: Repo, bob: Repo, mission: string, n: number) => {
  // a task both have, then claim at once
  alice.ok(["task", "create", `Contested ${n}`, "--slug", `contested-${n}`]);
  commitAll(alice, `contested ${n}`);
  git(alice, ["push", "-q", "origin", "HEAD:main"]);
  git(bob, ["pull", "-q", "--no-rebase", "origin", "main"]);
  alice.ok(["task", "claim", `contested-${n}`, "--force"]);
  bob.ok(["task", "claim", `contested-${n}`, "--force"]);
  alice.ok(["task", "create", `Alice's task ${n}`, "--slug", `alice-${n}`]);
  bob.ok(["task", "create", `Bob's task ${n}`, "--slug", `bob-${n}`]);
  // both create the same slug: both tasks exist, the slug stays with the first
  alice.ok(["task", "create", `Same slug ${n} (alice)`, "--slug", `same-${n}`]);
  bob.ok(["task", "create", `Same slug ${n} (bob)`, "--slug", `same-${n}`]);
  alice.ok(["task", "update", "shared", "--add-decision", `alice decided ${n}`]);
  bob.ok(["task", "update", "shared", "--add-decision", `bob decided ${n}`, "--priority", "P1"]);
  if (n === 1) {
    alice.ok(["feature", "update", "auth-plan", "-m", mission, "--status", "in-progress"]);
    bob.ok(["feature", "update", "auth-plan", "-m", mission, "--status", "in-progress"]);
  }
  alice.ok(["checkpoint", "save", "-m", mission, "--label", `alice ${n}`]);
  bob.ok(["checkpoint", "save", "-m", mission, "--label", `bob ${n}`]);
};

const expectConverged = (alice: Repo, bob: Repo, mission: string, rounds: number) => {
  const a = views(alice, mission);
  const b = views(bob, mission);
  expect(a).toEqual(b);
  expect(alice.ok(["log", "verify"])).not.toMatch(/BAD/);
  const tasks = JSON.parse(a.tasks) as { slug: string; assignee: string | null; title: string }[];
  for (let n = 1; n <= rounds; n++) {
    expect(tasks.filter((t) => t.slug === `alice-${n}` || t.slug === `bob-${n}`)).toHaveLength(2);
    const same = tasks.filter((t) => t.slug.startsWith(`same-${n}`));
    expect(same).toHaveLength(2);
    // the slug stays with one, the other gets a printed alternative
    expect(same.filter((t) => t.slug === `same-${n}`)).toHaveLength(1);
    expect(tasks.find((t) => t.slug === `contested-${n}`)!.assignee).toMatch(/^(alice|bob)$/);
  }
  const conflicts = JSON.parse(a.conflicts) as { type: string; reason: string; actor: string }[];
  // each round: one superseded claim (exactly one of the two wins) and one slug taken
  expect(conflicts.filter((c) => c.type === "TaskClaimed")).toHaveLength(rounds);
  for (const c of conflicts.filter((x) => x.type === "TaskClaimed")) expect(c.reason).toMatch(/^claim superseded after merge: held by (alice|bob)$/);
  expect(conflicts.filter((c) => /slug "same-\d+" was taken/.test(c.reason))).toHaveLength(rounds);
  // every decision of both sides is kept
  const shared = JSON.parse(alice.ok(["task", "show", "shared", "--json"]));
  for (let n = 1; n <= rounds; n++) expect(shared.continuation.decisions).toEqual(expect.arrayContaining([`alice decided ${n}`, `bob decided ${n}`]));
  return conflicts;
};

describe("two clones that merge", () => {
  it("merge both ways with no conflict, on the host and locally, round after round, and converge", () => {
    const { host, alice, bob, mission } = makeTeam();
    for (let n = 1; n <= 3; n++) {
      work(alice, bob, mission, n);
      commitAll(alice, `alice ${n}`);
      git(alice, ["push", "-q", "origin", "HEAD:main"]);
      commitAll(bob, `bob ${n}`);
      git(bob, ["push", "-q", "origin", `HEAD:bob-${n}`]);
      // the host's merge: no .gitattributes, no driver
      const merged = host.git(["merge-tree", "--write-tree", "main", `bob-${n}`]);
      expect(merged.status, merged.stdout).toBe(0);
      git(bob, ["pull", "-q", "--no-rebase", "origin", "main"]);
      git(bob, ["push", "-q", "origin", "HEAD:main"]);
      git(alice, ["pull", "-q", "--no-rebase", "origin", "main"]);
      const conflicts = expectConverged(alice, bob, mission, n);
      // the loser of a claim is told, in the commands it runs
      const lost = conflicts.find((c) => c.type === "TaskClaimed")!;
      const loser = lost.actor === "alice" ? alice : bob;
      expect(loser.run(["task", "mine"]).stderr).toMatch(/lost after a merge: tsk_\w+: claim superseded after merge: held by/);
      expect(loser.ok(["prime"])).toMatch(/Lost after a merge: task tsk_\w+/);
      expect(loser.json(["status"]).conflicts).toBe(conflicts.length);
    }
    // both feature moves and every checkpoint of both sides are there, each restorable
    const m = alice.json(["mission", "show", mission]);
    expect(m.features["auth-plan"].status).toBe("in-progress");
    expect(alice.json(["checkpoint", "list", "-m", mission]).checkpoints).toHaveLength(6);
    // committed segments never change, so every file a merge met was new
    expect(readdirSync(join(alice.dir, ".maestro", "tasks")).filter((f) => f.endsWith(".jsonl")).length).toBeGreaterThan(2);
  }, 240_000);

  it("rebase, cherry-pick and a squash merge then more work then a second merge stay conflict-free", () => {
    const { alice, bob, mission } = makeTeam();
    // pull --rebase
    work(alice, bob, mission, 1);
    commitAll(alice, "alice 1");
    git(alice, ["push", "-q", "origin", "HEAD:main"]);
    commitAll(bob, "bob 1");
    git(bob, ["pull", "-q", "--rebase", "origin", "main"]);
    git(bob, ["push", "-q", "origin", "HEAD:main"]);
    git(alice, ["pull", "-q", "--no-rebase", "origin", "main"]);
    expectConverged(alice, bob, mission, 1);

    // bob works on a branch; main takes it as a squash, bob goes on, main merges the branch again
    git(bob, ["checkout", "-q", "-b", "feature"]);
    bob.ok(["task", "create", "On the branch", "--slug", "branch-1"]);
    commitAll(bob, "branch 1");
    git(bob, ["push", "-q", "origin", "feature"]);
    alice.ok(["task", "create", "On main meanwhile", "--slug", "main-1"]);
    commitAll(alice, "main 1");
    git(alice, ["fetch", "-q", "origin"]);
    git(alice, ["merge", "-q", "--squash", "origin/feature"]);
    git(alice, ["commit", "-q", "-m", "squash feature"]);
    bob.ok(["task", "create", "Still on the branch", "--slug", "branch-2"]);
    bob.ok(["task", "update", "branch-1", "--add-decision", "after the squash"]);
    commitAll(bob, "branch 2");
    git(bob, ["push", "-q", "origin", "feature"]);
    git(alice, ["fetch", "-q", "origin"]);
    git(alice, ["merge", "-q", "--no-edit", "origin/feature"]);

    // a cherry-pick of one commit, then the branch merged as well
    git(bob, ["checkout", "-q", "-b", "pick", "main"]);
    bob.ok(["task", "create", "Picked", "--slug", "picked"]);
    commitAll(bob, "to pick");
    bob.ok(["task", "create", "Not picked", "--slug", "not-picked"]);
    commitAll(bob, "after the pick");
    git(bob, ["push", "-q", "origin", "pick"]);
    git(alice, ["fetch", "-q", "origin"]);
    git(alice, ["cherry-pick", git(alice, ["rev-parse", "origin/pick~1"]).trim()]);
    alice.ok(["task", "create", "After the pick", "--slug", "after-pick"]);
    commitAll(alice, "after pick");
    git(alice, ["merge", "-q", "--no-edit", "origin/pick"]);

    const slugs = (alice.json(["task", "list"]) as { slug: string }[]).map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(["branch-1", "branch-2", "main-1", "picked", "not-picked", "after-pick"]));
    expect(alice.json(["task", "show", "branch-1"]).continuation.decisions).toEqual(["after the squash"]);
    expect(alice.ok(["log", "verify"])).not.toMatch(/BAD/);
    // and bob, once he has main, folds the same
    git(bob, ["checkout", "-q", "main"]);
    git(bob, ["pull", "-q", "--no-rebase", "origin", "main"]);
    git(alice, ["push", "-q", "origin", "HEAD:main"]);
    git(bob, ["pull", "-q", "--no-rebase", "origin", "main"]);
    expect(views(bob, mission)).toEqual(views(alice, mission));
  }, 240_000);

  it("a reset then new work, and uncommitted events carried across a branch switch, stay conflict-free", () => {
    const { alice, bob, mission } = makeTeam();
    alice.ok(["task", "create", "Kept", "--slug", "kept"]);
    commitAll(alice, "kept");
    alice.ok(["task", "create", "Reset away", "--slug", "reset-away"]);
    commitAll(alice, "to reset");
    git(alice, ["reset", "-q", "--hard", "HEAD~1"]);
    alice.ok(["task", "create", "After the reset", "--slug", "after-reset"]);
    // uncommitted events go along to another branch and are committed there
    git(alice, ["checkout", "-q", "-b", "other"]);
    alice.ok(["task", "create", "On other", "--slug", "on-other"]);
    commitAll(alice, "other");
    git(alice, ["checkout", "-q", "main"]);
    git(alice, ["merge", "-q", "--no-edit", "other"]);
    git(alice, ["push", "-q", "origin", "HEAD:main"]);
    bob.ok(["task", "create", "Bob meanwhile", "--slug", "bob-meanwhile"]);
    commitAll(bob, "bob");
    git(bob, ["pull", "-q", "--no-rebase", "origin", "main"]);
    const slugs = (bob.json(["task", "list"]) as { slug: string }[]).map((t) => t.slug).sort();
    expect(slugs).toEqual(["after-reset", "bob-meanwhile", "kept", "on-other", "shared"]);
    expect(bob.ok(["log", "verify"])).not.toMatch(/BAD/);
    expect(bob.json(["mission", "show", mission]).mission.status).toBe("approved");
  }, 120_000);
});

describe("a worktree of a repo whose .maestro/ is committed", () => {
  it("uses the main checkout's state, leaving its own checked-out copy untouched", () => {
    const { alice } = makeTeam();
    const wt = join(alice.dir, "..", "wt");
    git(alice, ["worktree", "add", "-q", "-b", "wt", wt]);
    const copy = readdirSync(join(wt, ".maestro", "tasks")).sort();
    alice.ok(["task", "create", "From the worktree", "--slug", "from-wt"], { cwd: wt });
    alice.ok(["task", "claim", "shared"], { cwd: wt });
    expect((alice.json(["task", "list"]) as { slug: string }[]).map((t) => t.slug)).toContain("from-wt");
    expect(alice.json(["task", "show", "shared"]).assignee).toBe("alice");
    expect(readdirSync(join(wt, ".maestro", "tasks")).sort()).toEqual(copy);
    expect(git(alice, ["status", "--porcelain"], wt)).toBe("");
  });
});

describe("compaction", () => {
  it("rewrites committed segments into one, and two clones compacting at once still merge cleanly to the same state", () => {
    const { host, alice, bob, mission } = makeTeam();
    for (let n = 1; n <= 3; n++) {
      alice.ok(["task", "create", `Alice ${n}`]);
      commitAll(alice, `alice ${n}`);
      bob.ok(["task", "create", `Bob ${n}`]);
      commitAll(bob, `bob ${n}`);
    }
    git(alice, ["push", "-q", "origin", "HEAD:main"]);
    git(bob, ["pull", "-q", "--no-rebase", "origin", "main"]);
    // bob compacts everything he has; alice, who has less, compacts hers, then both go on
    const before = bob.json(["task", "list"]);
    const c = bob.json(["compact"]).find((r: any) => r.stream === "tasks");
    expect(c.after).toBe(1);
    expect(bob.json(["task", "list"])).toEqual(before);
    commitAll(bob, "bob compacts");
    alice.ok(["compact"]);
    commitAll(alice, "alice compacts");
    alice.ok(["task", "create", "After compacting"]);
    commitAll(alice, "after");
    git(alice, ["push", "-q", "origin", "HEAD:main"]);
    git(bob, ["push", "-q", "origin", "HEAD:bob"]);
    const merged = host.git(["merge-tree", "--write-tree", "main", "bob"]);
    expect(merged.status, merged.stdout).toBe(0);
    git(bob, ["pull", "-q", "--no-rebase", "origin", "main"]);
    git(alice, ["pull", "-q", "--no-rebase", "origin", "bob"]);
    expect(views(bob, mission)).toEqual(views(alice, mission));
    expect(bob.json(["task", "list"])).toHaveLength(8);
    expect(bob.ok(["log", "verify"])).not.toMatch(/BAD/);
  }, 120_000);
});

describe("maestro sync", () => {
  it("commits .maestro/ alone, pulls, checks and pushes; says plainly what is missing", () => {
    const { alice, bob } = makeTeam();
    writeFileSync(join(alice.dir, "code.ts"), "export {};\n");
    git(alice, ["add", "code.ts"]);
    alice.ok(["task", "create", "Synced by alice"]);
    expect(alice.json(["sync"])).toMatchObject({ committed: true, pulled: true, pushed: true, branch: "main" });
    // the staged code stayed staged, out of the sync commit
    expect(git(alice, ["status", "--porcelain"])).toBe("A  code.ts\n");
    bob.ok(["task", "create", "Synced by bob"]);
    expect(bob.json(["sync"])).toMatchObject({ committed: true, pulled: true, pushed: true });
    alice.ok(["sync"]);
    expect((alice.json(["task", "list"]) as { title: string }[]).map((t) => t.title)).toEqual(expect.arrayContaining(["Synced by alice", "Synced by bob"]));
    const none = bob.run(["sync", "--remote", "nowhere"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('error: no git remote "nowhere"; add one (git remote add nowhere <url>) or pass --remote <name>\n');
  }, 120_000);
});

describe("a log merged by hand", () => {
  it("with git's conflict markers left in is named, then repaired by doctor keeping both sides' lines", () => {
    const repo = makeRepo();
    const id = JSON.parse(readFileSync(fixture("logs", "mission-v1.jsonl"), "utf8").split("\n")[0]!).data.missionId as string;
    const dir = join(repo.dir, ".maestro", "missions", id);
    mkdirSync(dir, { recursive: true });
    // two clones of the old single-file layout each appended two lines: what a hand merge left
    const lines = readFileSync(fixture("logs", "mission-v1.jsonl"), "utf8").trimEnd().split("\n");
    const base = lines.slice(0, 8);
    const side = (label: string) => {
      let prev = createHash("sha256").update(base.at(-1)!).digest("hex");
      return [9, 10].map((seq) => {
        const e = { ...JSON.parse(lines[9]!), seq, id: `ev_${label}${seq}`, prev, data: { checkpointId: `ckp_${label}${seq}`, seq: 8, label, vector: { "events.jsonl": 8 } }, v: 2 };
        const text = JSON.stringify(e);
        prev = createHash("sha256").update(text).digest("hex");
        return text;
      });
    };
    const path = join(dir, "events.jsonl");
    const merged = [...base, "<<<<<<< HEAD", ...side("ours"), "=======", ...side("theirs"), ">>>>>>> theirs"].join("\n") + "\n";
    writeFileSync(path, merged);
    const v = repo.run(["log", "verify"]);
    expect(v.code).toBe(4);
    expect(v.stdout).toMatch(/events\.jsonl:9: git conflict markers/);
    expect(repo.run(["mission", "show", id]).stderr).toMatch(/corrupt at events\.jsonl:9: git conflict markers .*run `maestro doctor --repair`/);
    const doctor = repo.run(["doctor", "--json"]);
    expect(doctor.code).toBe(4);
    const doc = JSON.parse(doctor.stdout);
    expect(doc.findings.find((f: any) => f.check === "conflict-markers")).toMatchObject({ severity: "error", where: path });
    repo.ok(["doctor", "--repair"]);
    expect(repo.ok(["log", "verify", "-m", id])).toMatch(/ok\s+mission msn_\w+: 12 events in 2 segment/);
    const labels = repo.json(["checkpoint", "list", "-m", id]).checkpoints.map((c: any) => c.label);
    expect(labels.filter((l: string) => l === "ours")).toHaveLength(2);
    expect(labels.filter((l: string) => l === "theirs")).toHaveLength(2);
    expect(readFileSync(`${path}.quarantine`, "utf8")).toBe(merged);
  });

  it("a complete last line that does not decode is corruption, reported and not moved", () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "One"]);
    const [segment] = segmentFiles(join(repo.dir, ".maestro", "tasks"));
    const newer = JSON.stringify({ seq: 2, id: "ev_newer", type: "TaskTeleported", v: 1, at: "2026-12-01T00:00:00.000Z", actor: "future", prev: "", clock: 2, data: {} });
    writeFileSync(segment!, readFileSync(segment!, "utf8") + newer + "\n");
    const bytes = readFileSync(segment!);
    const r = repo.run(["task", "list"]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/tasks is corrupt at \S+\.jsonl:2: unknown event type "TaskTeleported"/);
    expect(repo.run(["task", "create", "Two"]).code).toBe(4);
    expect(readFileSync(segment!)).toEqual(bytes);
    expect(existsSync(`${segment}.quarantine`)).toBe(false);
  });
});

describe("bundles of a mission two clones both have", () => {
  it("import merges a related history, lines the other clone lacks, with the same rules", () => {
    const { alice, bob, mission } = makeTeam();
    alice.ok(["feature", "update", "auth-plan", "-m", mission, "--status", "in-progress"]);
    bob.ok(["checkpoint", "save", "-m", mission, "--label", "bob's"]);
    const out = join(bob.dir, "..", "bob.mission.tar.gz");
    bob.ok(["bundle", "export", mission, "--out", out]);
    expect(alice.ok(["bundle", "import", out])).toMatch(/^merged 1 events the bundle had into mission msn_\w+/);
    const m = alice.json(["mission", "show", mission]);
    expect(m.features["auth-plan"].status).toBe("in-progress");
    expect(alice.json(["checkpoint", "list", "-m", mission]).checkpoints.map((c: any) => c.label)).toEqual(["bob's"]);
    expect(alice.ok(["bundle", "import", out])).toMatch(/already here with the same history; nothing to do/);
    expect(alice.ok(["log", "verify", "-m", mission])).toMatch(/^ok/);
  });
});
