// The hooks maestro installs into each host's settings file, beside whatever the user keeps
// there: at SessionStart (and, for Claude Code, after a compaction) `maestro prime --hook-json`
// gives the agent its context; after each tool call `maestro task heartbeat --hook` renews the
// leases of what the session holds, so a working agent keeps its claims and a dead one loses
// them. Our entries are known by their commands, so a reinstall replaces them and an uninstall
// removes exactly them (and the file, when nothing else is left in it).
//
// What a team commits names `maestro` as found on PATH, so it runs on every teammate's machine;
// this machine's absolute node and bundle go only where this user alone reads them: the user's
// own settings (`--global`), or, while `maestro` is not on PATH here, Claude Code's per-user
// `.claude/settings.local.json` (kept out of git through `.git/info/exclude`).
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { AgentName } from "@maestro/core/handoff/events";
import { resolveBinary } from "@maestro/handoff/launcher";
import { projectRootOf } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";
import { jsonText, readJson, removeSettings, writeSettings, type Json } from "./settings-file.js";

const HOOK_MARK = " prime --hook-json";
const RENEW_MARK = " task heartbeat --hook";
const MARKS = [HOOK_MARK, RENEW_MARK];

const HOSTS: Record<AgentName, { file: string; matcher: string; timeout: number; afterTool: string }> = {
  // Claude Code: seconds; compact re-primes (PreCompact output never reaches the model)
  claude: { file: join(".claude", "settings.json"), matcher: "startup|resume|clear|compact", timeout: 10, afterTool: "PostToolUse" },
  // Codex runs a project hook only once the user trusted it (`doctor` says so)
  codex: { file: join(".codex", "hooks.json"), matcher: "startup|resume", timeout: 10, afterTool: "PostToolUse" },
  // Gemini CLI: milliseconds; it compares a SessionStart matcher to the source for equality, not
  // as a pattern (measured on 0.61.0: "startup|resume|clear" never fired), and "*" is every source
  gemini: { file: join(".gemini", "settings.json"), matcher: "*", timeout: 10_000, afterTool: "AfterTool" },
};
/** Claude Code's per-user settings beside the shared ones: it reads both, and git never sees this one. */
const CLAUDE_LOCAL = join(".claude", "settings.local.json");

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export type Scope = "project" | "global";

/** How a host starts maestro: by name on PATH (what a team commits), or this machine's node and bundle by absolute path. */
export const launcher = (form: "path" | "absolute", bin = process.argv[1] ?? "maestro"): readonly string[] => (form === "path" ? ["maestro"] : [process.execPath, bin]);
/** Whether `maestro` runs by name here, as a committed hook or MCP entry calls it. */
export const maestroOnPath = (ctx: Ctx) => resolveBinary("maestro", ctx.env, ctx.cwd) !== undefined;

const command = (run: readonly string[], mark: string, agent: AgentName) => `${run.map(quote).join(" ")}${mark} --agent ${agent}`;
/** Our entries for one host, by event: prime at session start, lease renewal after each tool call (no matcher: every tool). */
const entries = (agent: AgentName, run: readonly string[]): Record<string, Group> => {
  const host = HOSTS[agent];
  return {
    SessionStart: { matcher: host.matcher, hooks: [{ type: "command", command: command(run, HOOK_MARK, agent), timeout: host.timeout }] },
    [host.afterTool]: { hooks: [{ type: "command", command: command(run, RENEW_MARK, agent), timeout: host.timeout }] },
  };
};

/** Where a scope's files live: the project's root, or the user's home. */
export const rootOf = (ctx: Ctx, scope: Scope) => (scope === "project" ? projectRootOf(ctx.cwd) : (ctx.env["HOME"] ?? homedir()));
export const hookPathOf = (ctx: Ctx, agent: AgentName, scope: Scope) => join(rootOf(ctx, scope), HOSTS[agent].file);

interface Group {
  matcher?: string;
  hooks?: { type?: string; command?: string; timeout?: number }[];
}

const ours = (g: Group) => (g.hooks ?? []).some((h) => typeof h.command === "string" && MARKS.some((m) => h.command!.includes(m)));

/** The settings without our entries; empty containers we leave are dropped. */
const withoutOurs = (settings: Json): Json => {
  const hooks = settings["hooks"];
  if (hooks === null || typeof hooks !== "object" || Array.isArray(hooks)) return settings;
  const nextHooks: Json = {};
  for (const [event, groups] of Object.entries(hooks as Json)) {
    const kept = Array.isArray(groups) ? (groups as Group[]).filter((g) => !ours(g)) : groups;
    if (!Array.isArray(kept) || kept.length) nextHooks[event] = kept;
  }
  const { hooks: _, ...rest } = settings;
  return Object.keys(nextHooks).length ? { ...rest, hooks: nextHooks } : rest;
};

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);

/** Puts our entries (running maestro as `run`) into one settings file. */
const putHook = (path: string, agent: AgentName, run: readonly string[], dryRun: boolean) => {
  const like = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  const before = readJson(path);
  const base = before ?? {};
  // (spreads keep every key where it was: a reinstall rewrites nothing)
  const hooks = { ...((base["hooks"] ?? {}) as Json) };
  for (const [event, group] of Object.entries(entries(agent, run))) hooks[event] = [...(Array.isArray(hooks[event]) ? (hooks[event] as Group[]).filter((g) => !ours(g)) : []), group];
  const after = { ...base, hooks };
  const action = before !== undefined && same(before, after) ? "unchanged" : before === undefined ? "created" : same(withoutOurs(before), before) ? "added" : "updated";
  if (!dryRun && action !== "unchanged") writeSettings(path, jsonText(after, like));
  return { agent, path, action: `hook ${action}` };
};

/** Takes our entry out of one settings file, in the user's own formatting; the file (and a folder it alone was in) goes when nothing else is left. */
const dropHook = (path: string, root: string, agent: string, dryRun: boolean) => {
  const before = readJson(path);
  if (before === undefined) return { agent, path, action: "no hook" };
  const after = withoutOurs(before);
  if (same(after, before)) return { agent, path, action: "no hook" };
  const empty = Object.keys(after).length === 0;
  if (!dryRun) empty ? removeSettings(path, root) : writeSettings(path, jsonText(after, readFileSync(path, "utf8")));
  return { agent, path, action: `${dryRun ? "would remove" : "removed"} hook${empty ? " (and the file)" : ""}` };
};

/** Keeps a per-user file of this clone out of git without touching a committed .gitignore. */
const excludeFromGit = (ctx: Ctx, rel: string) => {
  const git = join(projectRootOf(ctx.cwd), ".git");
  if (!existsSync(git) || !statSync(git).isDirectory()) return;
  const exclude = join(git, "info", "exclude");
  const line = `/${rel}`;
  const text = existsSync(exclude) ? readFileSync(exclude, "utf8") : "";
  if (text.split("\n").includes(line)) return;
  mkdirSync(dirname(exclude), { recursive: true });
  appendFileSync(exclude, `${text && !text.endsWith("\n") ? "\n" : ""}${line}\n`);
};

export const installHook = (ctx: Ctx, agent: AgentName, scope: Scope, dryRun: boolean, onPath: boolean) => {
  if (scope === "global") return [putHook(hookPathOf(ctx, agent, scope), agent, launcher("absolute"), dryRun)];
  const out = [putHook(hookPathOf(ctx, agent, scope), agent, launcher("path"), dryRun)];
  if (agent !== "claude") return out;
  // (with maestro on PATH the shared hook runs: a local one beside it would prime twice)
  const local = join(rootOf(ctx, scope), CLAUDE_LOCAL);
  if (onPath) return existsSync(local) ? [...out, dropHook(local, rootOf(ctx, scope), agent, dryRun)].filter((r) => r.action !== "no hook") : out;
  if (!dryRun) excludeFromGit(ctx, CLAUDE_LOCAL);
  return [...out, putHook(local, agent, launcher("absolute"), dryRun)];
};

export const uninstallHook = (ctx: Ctx, agent: AgentName, scope: Scope, dryRun: boolean) => {
  const root = rootOf(ctx, scope);
  const shared = dropHook(hookPathOf(ctx, agent, scope), root, agent, dryRun);
  const local = join(root, CLAUDE_LOCAL);
  return scope === "project" && agent === "claude" && existsSync(local) ? [shared, dropHook(local, root, agent, dryRun)] : [shared];
};

/** Whether the hook is in place for `doctor`: absent, installed, and what it runs (`maestro` by name, or a bundle by path). */
export const hookStatus = (ctx: Ctx, agent: AgentName, scope: Scope) => {
  const path = hookPathOf(ctx, agent, scope);
  try {
    const j = readJson(path);
    const start = ((j?.["hooks"] ?? {}) as Json)["SessionStart"];
    const group = Array.isArray(start) ? (start as Group[]).find(ours) : undefined;
    const command = group?.hooks?.find((x) => x.command?.includes(HOOK_MARK))?.command;
    // the bundle an absolute command runs: its second word (node, then the bundle)
    const bin = command?.startsWith("maestro ") ? undefined : command?.match(/^(?:'[^']*'|\S+)\s+('[^']*'|\S+)/)?.[1]?.replace(/^'|'$/g, "");
    return { agent, path, installed: group !== undefined, byName: command?.startsWith("maestro ") ?? false, bin };
  } catch {
    return { agent, path, installed: false, byName: false, bin: undefined };
  }
};
