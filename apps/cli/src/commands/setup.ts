import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { CONFIG_KEYS } from "@maestro/core/config";
import { InvalidInput } from "@maestro/core/errors";
import type { AgentName as Agent } from "@maestro/core/handoff/events";
import { AGENT_NAMES } from "@maestro/core/handoff/values";
import { loadConfig, setConfig } from "@maestro/engine/config";
import { install, uninstall } from "@maestro/engine/install";
import { ctxOf, type Common } from "../args.js";
import { dim, print, printJson, table } from "../output.js";

interface Args extends Common {
  readonly agents?: string | undefined;
  readonly global?: boolean | undefined;
  readonly project?: boolean | undefined;
  readonly dryRun?: boolean | undefined;
  readonly mcp?: boolean | undefined;
  readonly key?: string | undefined;
  readonly value?: string | undefined;
  readonly session?: string | undefined;
}

const agentsOf = (a: Args): Agent[] => {
  const names = (a.agents ?? AGENT_NAMES.join(",")).split(",").map((x) => x.trim()).filter(Boolean);
  for (const n of names) if (!(AGENT_NAMES as readonly string[]).includes(n)) throw new InvalidInput({ condition: "InvalidValue", message: `--agents: unknown agent "${n}" (known: ${AGENT_NAMES.join(", ")})` });
  return names as Agent[];
};
const scopeOf = (a: Args) => {
  if (a.global && a.project) throw new InvalidInput({ condition: "UsageError", message: "pass one of --global or --project" });
  return a.global ? ("global" as const) : ("project" as const);
};
const installOptions = (y: Argv) =>
  y
    .option("agents", { type: "string", describe: "comma-separated: claude,codex,gemini (default: all)" })
    .option("global", { type: "boolean", describe: "the agents' user-level files (~/.codex/AGENTS.md, ~/.claude/CLAUDE.md, ~/.gemini/GEMINI.md)" })
    .option("project", { type: "boolean", describe: "the project's AGENTS.md, CLAUDE.md, GEMINI.md (default)" })
    .option("dry-run", { type: "boolean", describe: "say what would change; write nothing" });

export const registerInstall = (y: Argv) =>
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
      },
    }),
  );

export const registerUninstall = (y: Argv) =>
  y.command(
    defineCommand({
      command: "uninstall",
      describe: "remove exactly the maestro block and hook from the agents' instruction and settings files",
      builder: (b) => installOptions(b).example("maestro uninstall --agents claude", ""),
      handler: (a) => {
        const r = uninstall(ctxOf(a), { agents: agentsOf(a), scope: scopeOf(a), dryRun: a.dryRun === true });
        if (a.json) return printJson(r);
        print(table(r.map((f) => [f.agent, f.action, f.path])));
      },
    }),
  );

export const registerConfig = (y: Argv) =>
  y.command("config", "settings: flag > env > project .maestro/config.yaml > global $MAESTRO_HOME/config.yaml > defaults", (m) => {
    m.command(
      defineCommand({
        command: "list",
        describe: "every key with its value and where it came from",
        builder: (b) => b,
        handler: async (a) => {
          const c = (await loadConfig(ctxOf(a)));
          if (a.json) return printJson(c);
          print(table([["KEY", "VALUE", "SOURCE", "ENV"].map(dim), ...Object.values(c).map((v) => [v.key, JSON.stringify(v.value), v.source, CONFIG_KEYS[v.key]?.env ?? "-"])]));
        },
      }),
    );
    m.command(
      defineCommand({
        command: "get <key>",
        describe: "one key's value (and source with --json)",
        builder: (b) => b.positional("key", { type: "string", demandOption: true }),
        handler: async (a) => {
          const v = (await loadConfig(ctxOf(a)))[a.key!];
          if (!v) throw new InvalidInput({ condition: "InvalidValue", message: `unknown config key "${a.key}"; see \`maestro config list\`` });
          if (a.json) return printJson(v);
          print(typeof v.value === "string" ? v.value : JSON.stringify(v.value));
        },
      }),
    );
    m.command(
      defineCommand({
        command: "set <key> <value>",
        describe: "write a key to the project config (default) or the global one",
        builder: (b) =>
          b
            .positional("key", { type: "string", demandOption: true })
            .positional("value", { type: "string", demandOption: true, describe: "a string, or JSON for lists (e.g. '[\"--sandbox\",\"workspace-write\"]') and null" })
            .option("global", { type: "boolean" })
            .option("project", { type: "boolean" })
            .example("maestro config set agents.codex.model gpt-5.4 --global", ""),
        handler: async (a) => {
          const r = (await setConfig(ctxOf(a), a.key!, String(a.value), scopeOf(a)));
          if (a.json) return printJson(r);
          print(`${r.key} = ${JSON.stringify(r.value)} in ${r.path}`);
        },
      }),
    );
    return m.demandCommand(1, "name a config command; see `maestro config --help`");
  });
