// maestro compact: rewrite committed segments into one file per stream.
import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { ctxOf } from "../args.js";
import { print, printJson } from "../output.js";

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: "compact",
      describe: "rewrite each stream's committed segments into one file (then commit); open segments stay",
      builder: (b) =>
        b
          .option("mission", { alias: "m", type: "string", describe: "only this mission's stream" })
          .option("tasks", { type: "boolean", describe: "only the tasks stream" })
          .option("principles", { type: "boolean", describe: "only the principles stream" })
          .option("memory", { type: "boolean", describe: "only the memory stream" })
          .example("maestro compact && git add -A .maestro && git commit -m 'maestro: compact'", ""),
      handler: async (a) => {
        const { compactStreams } = await import("@maestro/engine/compact");
        const rs = await compactStreams(ctxOf(a), { ...(a.mission ? { mission: a.mission } : {}), ...(a.tasks ? { tasks: true } : {}), ...(a.principles ? { principles: true } : {}), ...(a.memory ? { memory: true } : {}) });
        if (a.json) return printJson(rs);
        for (const r of rs) print(r.events ? `${r.stream}: ${r.before} segment files -> ${r.after} (${r.events} events compacted)` : `${r.stream}: nothing to compact (${r.before} segment file(s); only committed ones are compacted)`);
        if (rs.some((r) => r.events)) print("commit the change: git add -A .maestro && git commit -m 'maestro: compact'");
      },
    }),
  );
