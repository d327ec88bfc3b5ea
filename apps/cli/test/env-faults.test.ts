// Faults of the machine, injected for real: a tiny tmpfs that fills, the same remounted
// read-only, a store owned by another user. Mounting needs root; elsewhere these are skipped.
import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BIN, makeRepo } from "@maestro/testkit";

const canMount = (() => {
  if (process.getuid?.() !== 0) return false;
  const probe = mkdtempSync(join(tmpdir(), "maestro-probe-"));
  const ok = spawnSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]).status === 0;
  if (ok) spawnSync("umount", [probe]);
  return ok;
})();

const mounts: string[] = [];
afterEach(() => {
  for (const m of mounts.splice(0)) spawnSync("umount", ["-l", m]);
});
const tmpfs = (size: string) => {
  const dir = mkdtempSync(join(tmpdir(), "maestro-tmpfs-"));
  expect(spawnSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir]).status).toBe(0);
  mounts.push(dir);
  return dir;
};
/** fills the device holding `dir` to its last byte */
const fill = (dir: string) => {
  spawnSync("dd", ["if=/dev/zero", `of=${join(dir, "filler")}`, "bs=4k"], { stdio: "ignore" });
  spawnSync("dd", ["if=/dev/zero", `of=${join(dir, "filler2")}`, "bs=1"], { stdio: "ignore" });
};

describe.runIf(canMount)("faults of the environment", () => {
  it("a full disk: exit 74 naming the device's directory, nothing half-written, reads keep working", () => {
    const repo = makeRepo({ git: false, dir: tmpfs("512k") });
    for (let i = 0; i < 5; i++) repo.ok(["task", "create", `Task ${i}`]);
    fill(repo.dir);
    const before = repo.logs();
    const r = repo.run(["task", "create", "One more"]);
    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toMatch(/^error: no space left on the device holding \S+: nothing was recorded; free some space and run it again\n$/);
    expect(repo.logs()).toEqual(before);
    expect(repo.json(["task", "list"])).toHaveLength(5);
    expect(repo.run(["log", "verify"]).code).toBe(0);
    expect(JSON.parse(repo.run(["task", "create", "x", "--json"]).stderr).error.code).toBe("environment");
  });

  it("a read-only disk: exit 74 saying so, not a lost race", () => {
    const repo = makeRepo({ git: false, dir: tmpfs("1m") });
    repo.ok(["task", "create", "Before"]);
    expect(spawnSync("mount", ["-o", "remount,ro", repo.dir]).status).toBe(0);
    const r = repo.run(["task", "create", "After"]);
    expect(r.code, r.stderr).toBe(74);
    expect(r.stderr).toMatch(/is on a read-only file system: nothing was recorded\n$/);
    expect(repo.json(["task", "list"]).map((t: any) => t.title)).toEqual(["Before"]);
  });

  it("a store this user may not write: exit 74, permission denied on the path", () => {
    const repo = makeRepo({ git: false });
    repo.ok(["task", "create", "Mine"]);
    chmodSync(repo.dir, 0o755);
    const home = mkdtempSync(join(tmpdir(), "maestro-nobody-"));
    chmodSync(home, 0o777);
    // the other user runs a copy of the bundle: the checkout may sit where only its owner can read
    const dist = mkdtempSync(join(tmpdir(), "maestro-dist-"));
    cpSync(dirname(BIN), dist, { recursive: true });
    chmodSync(dist, 0o755);
    const r = spawnSync(process.execPath, [join(dist, basename(BIN)), "task", "create", "Theirs"], { cwd: repo.dir, env: { ...repo.env, MAESTRO_HOME: home }, uid: 65534, gid: 65534, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(74);
    expect(r.stderr).toMatch(/^error: permission denied on \S+: nothing was recorded/);
    expect(repo.json(["task", "list"]).map((t: any) => t.title)).toEqual(["Mine"]);
  });
});

describe("paths the user names", () => {
  // (a path that does not exist is in refusals.test.ts's table)
  it("take a directory as --out for the bundle under its usual name", () => {
    const repo = makeRepo();
    const id = repo.json(["mission", "create", "--file", join(__dirname, "../../../fixtures/plans/overview.json")]).mission.id;
    mkdirSync(join(repo.dir, "out"));
    writeFileSync(join(repo.dir, "out", "keep"), "");
    repo.ok(["bundle", "export", id, "--out", "out"]);
    expect(readdirSync(join(repo.dir, "out")).sort()).toEqual(["keep", `${id}.mission.tar.gz`]);
  });
});
