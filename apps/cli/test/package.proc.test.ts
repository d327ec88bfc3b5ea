// The package people install: `npm pack` of dist/ gives a tarball that installs with npm alone
// and runs with only Node on the PATH (no pnpm, no workspace, no node_modules of ours).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "@maestro/testkit";

describe("the npm package", () => {
  it("packs from dist/, installs with npm, and runs the loop and Mission Control with only Node", () => {
    const work = mkdtempSync(join(tmpdir(), "maestro-pack-"));
    execFileSync("npm", ["pack", join(ROOT, "dist"), "--pack-destination", work], { stdio: "ignore" });
    const [tarball] = readdirSync(work).filter((f) => f.endsWith(".tgz"));
    expect(tarball).toMatch(/^maestro-conductor-\d+\.\d+\.\d+\.tgz$/);
    const prefix = join(work, "global");
    execFileSync("npm", ["install", "-g", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", join(work, tarball!)], { stdio: "ignore" });
    const project = join(work, "project");
    mkdirSync(project);
    execFileSync("git", ["init", "-q"], { cwd: project });
    // a clean machine: the installed bin, node, and the system's tools
    const env = { PATH: `${join(prefix, "bin")}:${dirname(process.execPath)}:/usr/bin:/bin`, HOME: join(work, "home"), MAESTRO_SESSION: "me", NO_COLOR: "1" };
    const maestro = (...args: string[]) => spawnSync("maestro", args, { cwd: project, env, encoding: "utf8" });
    expect(maestro("--version").stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(maestro("init").status).toBe(0);
    expect(maestro("task", "create", "Hello", "--slug", "hello").status).toBe(0);
    expect(maestro("task", "claim", "hello").status).toBe(0);
    expect(JSON.parse(maestro("task", "show", "hello", "--json").stdout)).toMatchObject({ status: "in_progress", assignee: "me" });
    const mc = maestro("mc", "--preview", "tasks", "--size", "100x30");
    expect([mc.status, mc.stdout]).toEqual([0, expect.stringMatching(/ACTIVE \(1\)[\s\S]*hello/)]);
  }, 120_000);
});
