import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import fc from "fast-check";
import { lineProblem, textProblem } from "@maestro/core/text";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, makeRepo, ROOT } from "@maestro/testkit";

const bad: Record<string, RegExp> = {
  "absolute-path": /"\/tmp\/evil", which is an absolute path/,
  dotdot: /"\.\.\/evil", which has an empty, \. or \.\. part/,
  symlink: /entry link is a symlink; only regular files are allowed/,
  hardlink: /entry hard is a link; only regular files are allowed/,
  device: /entry dev is a character-device/,
  duplicate: /entry events\.jsonl appears twice/,
  unlisted: /entry notes\.txt is not listed in the manifest/,
  missing: /listed but missing: agents\/x\/prompt\.md/,
  "sha-mismatch": /entry events\.jsonl does not match its sha256/,
  "broken-chain": /events\.jsonl line 4: prev hash does not match/,
  "unknown-version": /manifest format 99 is not one this maestro reads/,
  truncated: /truncated or corrupt archive/,
  "not-gzip": /not a gzip file/,
  "control-chars": /has control characters/,
  "oversized-entry": /entry big\.bin is 314572800 bytes, over the 268435456-byte limit/,
};

describe("bundle import refuses bad archives, writing nothing", () => {
  it("has a crafted archive for every case", () => {
    expect(readdirSync(fixture("bundles")).map((f) => f.replace(".mission.tar.gz", "")).sort()).toEqual([...Object.keys(bad), "valid"].sort());
  });
  for (const [name, message] of Object.entries(bad))
    it(`refuses ${name}`, () => {
      const repo = makeRepo();
      const before = repo.logs();
      const homeBefore = readdirSync(repo.home);
      const r = repo.run(["bundle", "import", fixture("bundles", `${name}.mission.tar.gz`)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(repo.logs()).toEqual(before);
      expect(readdirSync(join(repo.dir, ".maestro", "missions"))).toEqual([]);
      expect(readdirSync(repo.home)).toEqual(homeBefore);
      expect(repo.run(["bundle", "verify", fixture("bundles", `${name}.mission.tar.gz`)]).code).toBe(1);
    });

  it("guards the total size after gunzip (a zip bomb), with configurable limits", () => {
    const repo = makeRepo();
    const r = repo.run(["bundle", "verify", fixture("bundles", "valid.mission.tar.gz"), "--max-total-mb", "0.001"]);
    expect(r.stderr).toMatch(/entries total more than the \d+-byte limit/);
    expect(repo.run(["bundle", "verify", fixture("bundles", "valid.mission.tar.gz"), "--max-entry-mb", "0.001"]).stderr).toMatch(/over the \d+-byte limit/);
    expect(repo.ok(["bundle", "verify", fixture("bundles", "valid.mission.tar.gz")])).toMatch(/^ok: .*10 events, 1 files verified/);
  });
});

describe("bundle round trips", () => {
  it("exports 10k events deterministically and imports them into another repo with equal state and log", () => {
    const src = makeRepo();
    const dir = join(src.dir, ".maestro", "missions", "msn_bench");
    mkdirSync(dir, { recursive: true });
    execFileSync(process.execPath, [join(ROOT, "dist", "bench-replay.js"), "gen", join(dir, "events.jsonl"), "10000"]);
    const a = join(src.dir, "a.mission.tar.gz");
    const b = join(src.dir, "b.mission.tar.gz");
    const exp = src.json(["bundle", "export", "msn_bench", "--out", a]);
    expect(exp.manifest).toMatchObject({ format: 2, missionId: "msn_bench", eventCount: 10000, heads: { "events.jsonl": { seq: 10000 } } });
    src.ok(["bundle", "export", "msn_bench", "--out", b]);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);

    const dst = makeRepo();
    expect(dst.json(["bundle", "import", a]).imported).toBe(true);
    expect(dst.json(["mission", "show", "msn_bench"])).toEqual(src.json(["mission", "show", "msn_bench"]));
    expect(dst.json(["log", "-m", "msn_bench"])).toEqual(src.json(["log", "-m", "msn_bench"]));
    expect(dst.ok(["log", "verify", "-m", "msn_bench"])).toMatch(/ok\s+mission msn_bench: 10000 events/);
    expect(dst.ok(["bundle", "import", a])).toMatch(/already here with the same history; nothing to do/);
  }, 300_000);

  it("round-trips any Unicode text through append, fold, export and import, multi-byte characters across chunk edges", () => {
    // seeded: the same texts every run; graphemes of every plane (emoji, CJK, combining marks),
    // kept to what a title or a description accepts
    const sample = <T>(arb: fc.Arbitrary<T>, n: number, seed: number) => fc.sample(arb, { numRuns: n, seed });
    const titles = sample(fc.string({ unit: "grapheme", minLength: 1, maxLength: 60 }).filter((t) => t.trim() === t && t.length > 0 && !lineProblem(t)), 12, 42);
    const texts = sample(fc.string({ unit: "grapheme", minLength: 2000, maxLength: 3000 }).filter((t) => !textProblem(t)), 12, 7);
    const plan = {
      title: `Ünïcødé ${titles[0]}`,
      milestones: [{ id: "only", title: "日本語のマイルストーン", order: 0, profile: "implementation" }],
      features: titles.map((title, i) => ({ id: `f${i}`, milestoneId: "only", title, description: texts[i], verificationSteps: ["✓ 検証"] })),
    };
    const src = makeRepo();
    const file = join(src.dir, "plan.json");
    writeFileSync(file, JSON.stringify(plan));
    const id = src.json(["mission", "create", "--file", file]).mission.id as string;
    const shown = src.json(["mission", "show", id]);
    expect(Object.values(shown.features).map((f: any) => [f.title, f.description])).toEqual(plan.features.map((f) => [f.title, f.description]));
    // (a log well over gzip's and tar's chunk sizes, so characters fall across chunk edges)
    expect(readdirSync(join(src.dir, ".maestro", "missions", id)).reduce((n, f) => n + (f.endsWith(".jsonl") ? readFileSync(join(src.dir, ".maestro", "missions", id, f)).length : 0), 0)).toBeGreaterThan(64 * 1024);
    const out = join(src.home, "unicode.mission.tar.gz");
    src.ok(["bundle", "export", id, "--out", out]);
    expect(src.ok(["bundle", "verify", out])).toMatch(/^ok/);
    const dst = makeRepo();
    expect(dst.json(["bundle", "import", out]).imported).toBe(true);
    expect(dst.json(["mission", "show", id])).toEqual(shown);
  });

  it("exports history up to --at, with briefs and linked handoffs, and imports under a new id", () => {
    const repo = makeRepo();
    const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    repo.ok(["mission", "approve", id]);
    repo.ok(["feature", "prompt", "auth-plan", "-m", id]);
    const hof = repo.json(["handoff", "plan it", "--agent", "codex", "--wait", "-m", id, "--feature", "auth-plan"], { env: { PATH: `${fixture("agents")}:${process.env.PATH}` } });
    const full = join(repo.dir, "full.mission.tar.gz");
    const m = repo.json(["bundle", "export", id, "--out", full, "--include-handoffs"]).manifest;
    const [segment] = Object.keys(m.heads);
    expect(segment).toMatch(/^[a-z0-9]+-[a-z0-9]+\.jsonl$/);
    expect(m.files.map((f: any) => f.path)).toEqual(["agents/auth-plan/prompt.md", segment, `handoffs/${hof.id}/events.jsonl`, `handoffs/${hof.id}/output.log`, `handoffs/${hof.id}/prompt.md`].sort());
    const inspected = repo.json(["bundle", "inspect", full]);
    // the handed-off feature was assigned in the same write as its link
    expect(inspected.summary.featuresByStatus).toEqual({ assigned: 1, pending: 1 });
    expect(inspected.summary.lastEvents.map((e: any) => e.type).slice(-2)).toEqual(["MilestoneStatusChanged", "FeatureStatusChanged"]);
    const early = join(repo.dir, "early.mission.tar.gz");
    expect(repo.json(["bundle", "export", id, "--out", early, "--at", "2"]).manifest.eventCount).toBe(2);

    const other = makeRepo();
    other.json(["bundle", "import", full]);
    expect(existsSync(join(other.home, "handoff", hof.id, "prompt.md"))).toBe(true);
    expect(other.json(["handoff", "show", hof.id]).status).toBe("completed");
    // an earlier point of the same history adds nothing; --as brings it in beside
    expect(other.ok(["bundle", "import", early])).toMatch(/already here with the same history; nothing to do/);
    other.ok(["bundle", "import", early, "--as", "early-copy"]);
    const copy = other.json(["mission", "show", "early-copy"]);
    expect(copy.mission).toMatchObject({ id: "early-copy", status: "approved" });
    expect(other.json(["log", "-m", "early-copy"]).at(-1)).toMatchObject({ type: "MissionRenamed", data: { from: id, to: "early-copy" } });
  });
});
