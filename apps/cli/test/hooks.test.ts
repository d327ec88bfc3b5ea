import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { makeRepo, type Repo } from "@maestro/testkit";

const git = (repo: Repo, ...args: string[]) => execFileSync("git", args, { cwd: repo.dir, encoding: "utf8" });

const context = (stdout: string) => {
  const v = JSON.parse(stdout);
  expect(Object.keys(v)).toEqual(["hookSpecificOutput"]);
  expect(v.hookSpecificOutput.hookEventName).toBe("SessionStart");
  return v.hookSpecificOutput.additionalContext as string;
};

describe("the SessionStart hook", () => {
  it("primes the session the host names, unless MAESTRO_SESSION (a handoff's) says otherwise", () => {
    const repo = makeRepo();
    const id = repo.json(["task", "create", "Rotate the signing keys"]).task.id;
    repo.ok(["task", "claim", id], { env: { MAESTRO_SESSION: "claude:abc123" } });
    const env = { MAESTRO_ACTOR: "", MAESTRO_SESSION: "" };
    const hook = repo.run(["prime", "--hook-json", "--agent", "claude"], { env, input: JSON.stringify({ session_id: "abc123", hook_event_name: "SessionStart", source: "startup" }) });
    expect(hook.code).toBe(0);
    expect(context(hook.stdout)).toContain("Rotate the signing keys");
    const handoff = repo.run(["prime", "--hook-json", "--agent", "claude"], { env: { ...env, MAESTRO_SESSION: "codex:hof_1" }, input: JSON.stringify({ session_id: "abc123" }) });
    expect(context(handoff.stdout)).not.toContain("Rotate the signing keys");
    expect(context(handoff.stdout)).toContain("You hold no task");
  });

  it("answers an empty context, exit 0, outside a workspace or on bad stdin", () => {
    const bare = makeRepo({ init: false });
    const r = bare.run(["prime", "--hook-json"], { input: "not json" });
    expect(r.code).toBe(0);
    expect(context(r.stdout)).toBe("");
  });

  it("is installed into each host's settings beside the user's own, and uninstalled byte for byte", () => {
    const repo = makeRepo();
    const claude = join(repo.dir, ".claude", "settings.json");
    mkdirSync(join(repo.dir, ".claude"));
    const mine = JSON.stringify({ permissions: { allow: ["Bash(ls)"] }, hooks: { SessionStart: [{ matcher: "startup", hooks: [{ type: "command", command: "echo hi" }] }] } }, null, 2) + "\n";
    writeFileSync(claude, mine);
    const r = repo.json(["install", "--agents", "claude,codex,gemini"]);
    // (maestro is not on this test's PATH: Claude Code also gets this machine's command, in its per-user file)
    expect(r.hooks.map((h: any) => [h.action, h.path.slice(repo.dir.length + 1)])).toEqual([
      ["hook added", ".claude/settings.json"],
      ["hook created", ".claude/settings.local.json"],
      ["hook created", ".codex/hooks.json"],
      ["hook created", ".gemini/settings.json"],
    ]);
    const settings = JSON.parse(readFileSync(claude, "utf8"));
    expect(settings.permissions).toEqual({ allow: ["Bash(ls)"] });
    expect(settings.hooks.SessionStart).toHaveLength(2);
    expect(settings.hooks.SessionStart[1]).toMatchObject({ matcher: "startup|resume|clear|compact", hooks: [{ type: "command", timeout: 10 }] });
    // what the team commits calls maestro by name; this machine's node and bundle stay in the file only this user reads
    expect(settings.hooks.SessionStart[1].hooks[0].command).toBe("maestro prime --hook-json --agent claude");
    // and after every tool call, the lease renewal (no matcher: every tool)
    expect(settings.hooks.PostToolUse).toEqual([{ hooks: [{ type: "command", command: "maestro task heartbeat --hook --agent claude", timeout: 10 }] }]);
    expect(JSON.parse(readFileSync(join(repo.dir, ".codex", "hooks.json"), "utf8")).hooks.PostToolUse[0].hooks[0].command).toBe("maestro task heartbeat --hook --agent codex");
    const local = JSON.parse(readFileSync(join(repo.dir, ".claude", "settings.local.json"), "utf8"));
    expect(local.hooks.SessionStart[0].hooks[0].command).toMatch(/^\/\S+node\S* \/\S+maestro\.js prime --hook-json --agent claude$/);
    // (Gemini: milliseconds, and a matcher it compares for equality: "*" is every source)
    const gemini = JSON.parse(readFileSync(join(repo.dir, ".gemini", "settings.json"), "utf8")).hooks;
    expect(gemini.SessionStart[0]).toMatchObject({ matcher: "*", hooks: [{ timeout: 10_000 }] });
    expect(gemini.AfterTool[0].hooks[0]).toMatchObject({ command: "maestro task heartbeat --hook --agent gemini", timeout: 10_000 });
    // a reinstall changes nothing
    const again = repo.json(["install", "--agents", "claude,codex,gemini"]);
    expect(again.hooks.map((h: any) => h.action)).toEqual(["hook unchanged", "hook unchanged", "hook unchanged", "hook unchanged"]);
    const dry = repo.json(["uninstall", "--agents", "claude,codex,gemini", "--dry-run"]);
    expect(dry.map((x: any) => x.action)).toContain("would remove hook");
    expect(existsSync(join(repo.dir, ".codex", "hooks.json"))).toBe(true);
    repo.ok(["uninstall", "--agents", "claude,codex,gemini"]);
    expect(readFileSync(claude, "utf8")).toBe(mine);
    // what install created is gone, folders and all
    expect(existsSync(join(repo.dir, ".codex"))).toBe(false);
    expect(existsSync(join(repo.dir, ".gemini"))).toBe(false);
    expect(existsSync(join(repo.dir, ".claude", "settings.local.json"))).toBe(false);
  });

  it("keeps this machine's path out of git, says why, and writes none once maestro is on PATH", () => {
    const repo = makeRepo();
    const exclude = join(repo.dir, ".git", "info", "exclude");
    writeFileSync(exclude, "# mine\n*.scratch");
    const r = repo.run(["install", "--agents", "claude"]);
    // (the user's own lines stay; ours is added once)
    expect(readFileSync(exclude, "utf8")).toBe("# mine\n*.scratch\n/.claude/settings.local.json\n");
    expect(r.stdout).toMatch(/^note: `maestro` is not on PATH here: the hooks in the project's files call it by name/m);
    git(repo, "add", "-A");
    const staged = git(repo, "diff", "--cached", "--name-only").split("\n");
    expect(staged).toContain(".claude/settings.json");
    expect(staged).not.toContain(".claude/settings.local.json");
    // once maestro runs by name here, the shared hook does it all: the local one would prime twice
    const bin = join(repo.dir, "..", "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "maestro"), "#!/bin/sh\n", { mode: 0o755 });
    const again = repo.run(["install", "--agents", "claude"], { env: { PATH: `${bin}:${process.env["PATH"]}` } });
    expect(again.stdout).not.toMatch(/note:/);
    expect(again.stdout).toMatch(/removed hook \(and the file\)/);
    expect(existsSync(join(repo.dir, ".claude", "settings.local.json"))).toBe(false);
  });

  it("leaves a one-line settings file one line, byte for byte, through install and uninstall", () => {
    const repo = makeRepo();
    mkdirSync(join(repo.dir, ".gemini"));
    const mine = '{"theme":"dark","hooks":{"BeforeTool":[{"matcher":"*","hooks":[{"type":"command","command":"true"}]}]}}';
    writeFileSync(join(repo.dir, ".gemini", "settings.json"), mine);
    repo.ok(["install", "--agents", "gemini", "--mcp"]);
    const installed = readFileSync(join(repo.dir, ".gemini", "settings.json"), "utf8");
    expect(installed.split("\n")).toHaveLength(1);
    expect(JSON.parse(installed).mcpServers.maestro).toEqual({ command: "maestro", args: ["mcp"], trust: true });
    repo.ok(["uninstall", "--agents", "gemini"]);
    expect(readFileSync(join(repo.dir, ".gemini", "settings.json"), "utf8")).toBe(mine);
  });

  it("refuses a settings file that is not JSON, changing nothing", () => {
    const repo = makeRepo();
    mkdirSync(join(repo.dir, ".claude"));
    writeFileSync(join(repo.dir, ".claude", "settings.json"), "{ oops");
    const r = repo.run(["install", "--agents", "claude"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/settings\.json is not a JSON object; fix it by hand/);
    expect(readFileSync(join(repo.dir, ".claude", "settings.json"), "utf8")).toBe("{ oops");
    // nothing else was written either: the instruction block and the skills come after the check
    expect(existsSync(join(repo.dir, "CLAUDE.md"))).toBe(false);
    expect(existsSync(join(repo.dir, ".claude", "skills"))).toBe(false);
  });
});
