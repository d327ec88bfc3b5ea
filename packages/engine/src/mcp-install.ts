// `maestro install --mcp`: registers `maestro mcp` where each host reads its MCP servers:
// Claude Code's `.mcp.json` (or ~/.claude.json), Gemini CLI's settings (with `trust`, without
// which its headless mode offers no tools) and Codex's config.toml (a table between markers).
// The command is node and this bundle by absolute path, so it runs without maestro on PATH.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { AgentName } from "@maestro/core/handoff/events";
import { projectRootOf } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";
import { readJson, text, type Json } from "./hooks.js";

const NAME = "maestro";
const server = (bin = process.argv[1] ?? "maestro") => ({ command: process.execPath, args: [bin, "mcp"] });

const pathOf = (ctx: Ctx, agent: AgentName, scope: "project" | "global") => {
  const base = scope === "project" ? projectRootOf(ctx.cwd) : (ctx.env["HOME"] ?? homedir());
  return join(base, agent === "claude" ? (scope === "project" ? ".mcp.json" : ".claude.json") : agent === "gemini" ? join(".gemini", "settings.json") : join(".codex", "config.toml"));
};

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

export const installMcp = (ctx: Ctx, agent: AgentName, scope: "project" | "global", dryRun: boolean) => {
  const path = pathOf(ctx, agent, scope);
  const before = existsSync(path) ? readFileSync(path, "utf8") : undefined;
  let after: string;
  if (agent === "codex") {
    const base = withoutToml(before ?? "");
    after = base === "" ? tomlBlock(server()) : `${base.replace(/\n*$/, "\n")}\n${tomlBlock(server())}`;
  } else {
    // (spreads keep every key where it was: a reinstall rewrites nothing)
    const base = readJson(path) ?? {};
    const servers = (base["mcpServers"] ?? {}) as Json;
    after = text({ ...base, mcpServers: { ...servers, [NAME]: { ...server(), ...(agent === "gemini" ? { trust: true } : {}) } } });
  }
  const action = before === after ? "unchanged" : before === undefined ? "created" : "updated";
  if (!dryRun && action !== "unchanged") {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, after);
  }
  return { agent, path, action: `mcp server ${action}` };
};

export const uninstallMcp = (ctx: Ctx, agent: AgentName, scope: "project" | "global", dryRun: boolean) => {
  const path = pathOf(ctx, agent, scope);
  if (!existsSync(path)) return { agent, path, action: "no mcp server" };
  // (JSON compared as its own re-serialisation: a hand-formatted file without us is not a change)
  const json = agent === "codex" ? undefined : readJson(path)!;
  const before = json ? text(json) : readFileSync(path, "utf8");
  const after = json ? text(withoutJson(json)) : withoutToml(before);
  if (after === before) return { agent, path, action: "no mcp server" };
  const empty = agent === "codex" ? after.trim() === "" : after === text({});
  if (!dryRun) empty ? rmSync(path) : writeFileSync(path, after);
  return { agent, path, action: `${dryRun ? "would remove" : "removed"} mcp server${empty ? " (and the file)" : ""}` };
};
