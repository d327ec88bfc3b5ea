// `maestro install --mcp`: registers `maestro mcp` where each host reads its MCP servers:
// Claude Code's `.mcp.json` (or ~/.claude.json), Gemini CLI's settings (with `trust`, without
// which its headless mode offers no tools) and Codex's config.toml (a table between markers).
// A project's files (committed) start `maestro mcp` by name from PATH, so they work on every
// teammate's machine; the user's own (`--global`) run this machine's node and bundle by path.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentName } from "@maestro/core/handoff/events";
import type { Ctx } from "./context.js";
import { launcher, rootOf, type Scope } from "./hooks.js";
import { jsonText, readJson, removeSettings, writeSettings, type Json } from "./settings-file.js";

const NAME = "maestro";
const server = (scope: Scope) => {
  const [command, ...args] = launcher(scope === "project" ? "path" : "absolute");
  return { command: command!, args: [...args, "mcp"] };
};

const pathOf = (ctx: Ctx, agent: AgentName, scope: Scope) =>
  join(rootOf(ctx, scope), agent === "claude" ? (scope === "project" ? ".mcp.json" : ".claude.json") : agent === "gemini" ? join(".gemini", "settings.json") : join(".codex", "config.toml"));

const BEGIN = "# maestro:begin (managed by `maestro install --mcp`; `maestro uninstall` removes it)";
const END = "# maestro:end";
const tomlBlock = (s: { command: string; args: string[] }) => `${BEGIN}\n[mcp_servers.${NAME}]\ncommand = ${JSON.stringify(s.command)}\nargs = [${s.args.map((a) => JSON.stringify(a)).join(", ")}]\n${END}\n`;
const withoutToml = (t: string) => {
  const b = t.indexOf(BEGIN);
  const e = t.indexOf(END, b);
  if (b === -1 || e === -1) return t;
  const end = e + END.length + (t[e + END.length] === "\n" ? 1 : 0);
  return t.slice(0, b > 0 && t[b - 1] === "\n" && t[b - 2] === "\n" ? b - 1 : b) + t.slice(end);
};

const withoutJson = (j: Json): Json => {
  const servers = j["mcpServers"];
  if (servers === null || typeof servers !== "object" || Array.isArray(servers) || !Object.hasOwn(servers, NAME)) return j;
  const { [NAME]: _, ...others } = servers as Json;
  const { mcpServers: __, ...rest } = j;
  return Object.keys(others).length ? { ...rest, mcpServers: others } : rest;
};

export const installMcp = (ctx: Ctx, agent: AgentName, scope: Scope, dryRun: boolean) => {
  const path = pathOf(ctx, agent, scope);
  const before = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  let after: string;
  if (agent === "codex") {
    const base = withoutToml(before ?? "");
    after = base === "" ? tomlBlock(server(scope)) : `${base.replace(/\n*$/, "\n")}\n${tomlBlock(server(scope))}`;
  } else {
    // (spreads keep every key where it was: a reinstall rewrites nothing)
    const base = readJson(path) ?? {};
    const servers = (base["mcpServers"] ?? {}) as Json;
    const next = { ...base, mcpServers: { ...servers, [NAME]: { ...server(scope), ...(agent === "gemini" ? { trust: true } : {}) } } };
    after = JSON.stringify(next) === JSON.stringify(base) ? before! : jsonText(next, before);
  }
  const action = before === after ? "unchanged" : before === undefined ? "created" : "updated";
  if (!dryRun && action !== "unchanged") writeSettings(path, after);
  return { agent, path, action: `mcp server ${action}` };
};

export const uninstallMcp = (ctx: Ctx, agent: AgentName, scope: Scope, dryRun: boolean) => {
  const path = pathOf(ctx, agent, scope);
  if (!existsSync(path)) return { agent, path, action: "no mcp server" };
  const before = readFileSync(path, "utf8");
  const json = agent === "codex" ? undefined : readJson(path)!;
  const rest = json && withoutJson(json);
  if (json ? JSON.stringify(rest) === JSON.stringify(json) : withoutToml(before) === before) return { agent, path, action: "no mcp server" };
  const after = rest ? jsonText(rest, before) : withoutToml(before);
  const empty = rest ? Object.keys(rest).length === 0 : after.trim() === "";
  if (!dryRun) empty ? removeSettings(path, rootOf(ctx, scope)) : writeSettings(path, after);
  return { agent, path, action: `${dryRun ? "would remove" : "removed"} mcp server${empty ? " (and the file)" : ""}` };
};
