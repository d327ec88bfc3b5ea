import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeRepo } from "@maestro/testkit";

// the open Agent Skills format: https://agentskills.io/specification
const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PORTABLE = ["name", "description", "license", "compatibility", "metadata", "allowed-tools"];
const tokens = (s: string) => Math.ceil(Buffer.byteLength(s) / 4);

const lint = (dir: string, name: string) => {
  const text = readFileSync(join(dir, name, "SKILL.md"), "utf8");
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  expect(m, name).not.toBeNull();
  const fields = Object.fromEntries(m![1]!.split("\n").map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]));
  expect(Object.keys(fields).every((k) => PORTABLE.includes(k)), name).toBe(true);
  expect(fields["name"]).toBe(name);
  expect(name).toMatch(NAME);
  expect(name.length).toBeLessThanOrEqual(64);
  expect(fields["description"]!.length).toBeGreaterThan(0);
  expect(fields["description"]!.length).toBeLessThanOrEqual(1024);
  expect(m![2]!.split("\n").length).toBeLessThan(500);
  // what a host lists for every skill, in every session: name and description
  expect(tokens(`${fields["name"]}: ${fields["description"]}`)).toBeLessThanOrEqual(100);
  return text;
};

describe("the maestro skills", () => {
  it("install into .claude/skills and .agents/skills, follow the spec, and keep within their budgets", () => {
    const repo = makeRepo();
    const r = repo.json(["install"]);
    expect(r.skills.every((s: any) => s.action === "skill created")).toBe(true);
    const claude = join(repo.dir, ".claude", "skills");
    const agents = join(repo.dir, ".agents", "skills");
    const names = readdirSync(claude).sort();
    expect(names).toEqual(["maestro-handoff", "maestro-mission-feature", "maestro-plan-file", "maestro-task-loop"]);
    expect(readdirSync(agents).sort()).toEqual(names);
    for (const n of names) expect(lint(agents, n)).toBe(lint(claude, n));
    // the instruction block and prime stay small: they are in every session's context
    const block = /<!-- maestro:begin[\s\S]*<!-- maestro:end -->/.exec(readFileSync(join(repo.dir, "CLAUDE.md"), "utf8"))![0];
    expect(tokens(block)).toBeLessThanOrEqual(300);
    expect(tokens(repo.ok(["prime"]))).toBeLessThanOrEqual(2000);
  });

  it("keep a user's edit on reinstall and uninstall, and uninstall removes exactly what install wrote", () => {
    const repo = makeRepo();
    repo.ok(["install", "--agents", "claude"]);
    const edited = join(repo.dir, ".claude", "skills", "maestro-task-loop", "SKILL.md");
    writeFileSync(edited, readFileSync(edited, "utf8") + "\nOur team also runs `make lint` first.\n");
    const again = repo.json(["install", "--agents", "claude"]);
    expect(again.skills.find((s: any) => s.skill === "maestro-task-loop").action).toBe("skill kept (edited by you)");
    expect(again.skills.filter((s: any) => s.action === "skill unchanged")).toHaveLength(3);
    repo.ok(["uninstall", "--agents", "claude"]);
    expect(readFileSync(edited, "utf8")).toContain("make lint");
    expect(readdirSync(join(repo.dir, ".claude", "skills"))).toEqual(["maestro-task-loop"]);
    expect(existsSync(join(repo.dir, ".claude", "settings.json"))).toBe(false);
  });
});
