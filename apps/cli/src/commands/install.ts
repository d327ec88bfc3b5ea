// maestro install: config, the instruction block, SessionStart hooks, skills (and --mcp, the MCP server) for each agent.
import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { install } from "@maestro/engine/install";
import { ctxOf } from "../args.js";
import { print, printJson, table } from "../output.js";
import { agentsOf, installOptions, scopeOf } from "./install-flags.js";

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: "install",
      describe: "create $MAESTRO_HOME/config.yaml, add the maestro block to the agents' instruction files and a SessionStart hook running `maestro prime --hook-json` to their settings (idempotent)",
      builder: (b) => installOptions(b).option("mcp", { type: "boolean", describe: "also register `maestro mcp` with each agent (.mcp.json, .codex/config.toml, .gemini/settings.json)" }).example("maestro install --agents claude,codex", "").example("maestro install --global --dry-run", ""),
      handler: async (a) => {
        const r = await install(ctxOf(a), { agents: agentsOf(a), scope: scopeOf(a), dryRun: a.dryRun === true, mcp: a.mcp === true });
        if (a.json) return printJson(r);
        print(`${r.dryRun ? "would write" : r.config.created ? "wrote" : "kept"} ${r.config.path}`);
        print(table([...r.files, ...r.hooks, ...r.mcp, ...r.skills.map((s) => ({ agent: s.skill, action: s.action, path: s.path }))].map((f) => [f.agent, `${r.dryRun ? "would be " : ""}${f.action}`, f.path])));
        for (const n of r.notes) print(`note: ${n}`);
      },
    }),
  );
