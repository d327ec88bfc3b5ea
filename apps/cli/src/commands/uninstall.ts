// maestro uninstall: take back exactly what install wrote.
import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { uninstall } from "@maestro/engine/install";
import { ctxOf } from "../args.js";
import { print, printJson, table } from "../output.js";
import { agentsOf, installOptions, scopeOf } from "./install-flags.js";

export const register = (y: Argv) =>
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
