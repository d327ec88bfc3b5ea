// maestro config: get, set and list settings.
import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { CONFIG_KEYS } from "@maestro/core/config";
import { InvalidInput } from "@maestro/core/errors";
import { loadConfig, setConfig } from "@maestro/engine/config";
import { ctxOf } from "../args.js";
import { dim, print, printJson, table } from "../output.js";
import { scopeOf } from "./install-flags.js";

export const register = (y: Argv) =>
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
            .option("global", { type: "boolean", describe: "the global config, $MAESTRO_HOME/config.yaml" })
            .option("project", { type: "boolean", describe: "the project's .maestro/config.yaml (default)" })
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
