// SessionStart hooks that run `maestro prime --hook-json` when an agent's session starts (and,
// for Claude Code, after a compaction), merged into each host's settings file beside whatever
// the user keeps there. Our entry is known by its command, so a reinstall replaces it and an
// uninstall removes exactly it (and the file, when nothing else is left in it).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { InvalidInput } from "@maestro/core/errors";
import type { AgentName } from "@maestro/core/handoff/events";
import { projectRootOf } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";

const HOOK_MARK = " prime --hook-json";

const HOSTS: Record<AgentName, { file: string; matcher: string; timeout: number }> = {
  // Claude Code: seconds; compact re-primes (PreCompact output never reaches the model)
  claude: { file: join(".claude", "settings.json"), matcher: "startup|resume|clear|compact", timeout: 10 },
  // Codex runs a project hook only once the user trusted it (`doctor` says so)
  codex: { file: join(".codex", "hooks.json"), matcher: "startup|resume", timeout: 10 },
  // Gemini CLI: milliseconds; it compares a SessionStart matcher to the source for equality, not
  // as a pattern (measured on 0.61.0: "startup|resume|clear" never fired), and "*" is every source
  gemini: { file: join(".gemini", "settings.json"), matcher: "*", timeout: 10_000 },
};

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The hook's command: node and this very bundle by absolute path, so it runs when maestro is not on PATH. */
export const hookCommand = (agent: AgentName, bin = process.argv[1] ?? "maestro") => `${quote(process.execPath)} ${quote(bin)}${HOOK_MARK} --agent ${agent}`;

export const hookPathOf = (ctx: Ctx, agent: AgentName, scope: "project" | "global") =>
  scope === "project" ? join(projectRootOf(ctx.cwd), HOSTS[agent].file) : join(ctx.env["HOME"] ?? homedir(), HOSTS[agent].file);

export type Json = Record<string, unknown>;
interface Group {
  matcher?: string;
  hooks?: { type?: string; command?: string }[];
}

/** A host's JSON settings file: undefined when absent; anything but an object is refused (the user fixes it). */
export const readJson = (path: string): Json | undefined => {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  if (!text.trim()) return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v as Json;
  } catch {
    // said below
  }
  throw new InvalidInput({ condition: "FileNotEditable", message: `${path} is not a JSON object; fix it by hand, then run this again` });
};

const ours = (g: Group) => (g.hooks ?? []).some((h) => typeof h.command === "string" && h.command.includes(HOOK_MARK));

/** The settings without our SessionStart entry; empty containers we leave are dropped. */
const withoutOurs = (settings: Json): Json => {
  const hooks = settings["hooks"];
  if (hooks === null || typeof hooks !== "object" || Array.isArray(hooks)) return settings;
  const start = (hooks as Json)["SessionStart"];
  if (!Array.isArray(start)) return settings;
  const kept = (start as Group[]).filter((g) => !ours(g));
  const { SessionStart: _, ...otherHooks } = hooks as Json;
  const nextHooks = kept.length ? { ...otherHooks, SessionStart: kept } : otherHooks;
  const { hooks: __, ...rest } = settings;
  return Object.keys(nextHooks).length ? { ...rest, hooks: nextHooks } : rest;
};

export const text = (j: Json) => JSON.stringify(j, null, 2) + "\n";

export const installHook = (ctx: Ctx, agent: AgentName, scope: "project" | "global", dryRun: boolean, bin?: string) => {
  const path = hookPathOf(ctx, agent, scope);
  const before = readJson(path);
  const base = before ?? {};
  const host = HOSTS[agent];
  // (spreads keep every key where it was: a reinstall rewrites nothing)
  const hooks = (base["hooks"] ?? {}) as Json;
  const start = Array.isArray(hooks["SessionStart"]) ? (hooks["SessionStart"] as Group[]).filter((g) => !ours(g)) : [];
  const after = { ...base, hooks: { ...hooks, SessionStart: [...start, { matcher: host.matcher, hooks: [{ type: "command", command: hookCommand(agent, bin), timeout: host.timeout }] }] } };
  const action = before !== undefined && text(before) === text(after) ? "unchanged" : before === undefined ? "created" : text(withoutOurs(before)) === text(before) ? "added" : "updated";
  if (!dryRun && action !== "unchanged") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text(after));
  }
  return { agent, path, action: `hook ${action}` };
};

export const uninstallHook = (ctx: Ctx, agent: AgentName, scope: "project" | "global", dryRun: boolean) => {
  const path = hookPathOf(ctx, agent, scope);
  const before = readJson(path);
  if (before === undefined) return { agent, path, action: "no hook" };
  const after = withoutOurs(before);
  if (text(after) === text(before)) return { agent, path, action: "no hook" };
  const empty = Object.keys(after).length === 0;
  if (!dryRun) empty ? rmSync(path) : writeFileSync(path, text(after));
  return { agent, path, action: `${dryRun ? "would remove" : "removed"} hook${empty ? " (and the file)" : ""}` };
};

/** Whether the hook is in place for `doctor`: absent, installed, or (Codex) installed but maybe untrusted. */
export const hookStatus = (ctx: Ctx, agent: AgentName, scope: "project" | "global") => {
  const path = hookPathOf(ctx, agent, scope);
  try {
    const j = readJson(path);
    const start = ((j?.["hooks"] ?? {}) as Json)["SessionStart"];
    const group = Array.isArray(start) ? (start as Group[]).find(ours) : undefined;
    const command = group?.hooks?.find((x) => x.command?.includes(HOOK_MARK))?.command;
    // the bundle the command runs: its second word (node, then the bundle)
    const bin = command?.match(/^(?:'[^']*'|\S+)\s+('[^']*'|\S+)/)?.[1]?.replace(/^'|'$/g, "");
    return { agent, path, installed: group !== undefined, bin };
  } catch {
    return { agent, path, installed: false, bin: undefined };
  }
};
