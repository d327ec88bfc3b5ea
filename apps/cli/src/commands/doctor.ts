// maestro doctor: check (and --repair) the store, the agent CLIs and their hooks, git and node.
import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { doctor, type Finding } from "@maestro/engine/health";
import { Exit, dim, green, print, printJson, red, yellow } from "../output.js";
import { sessionCtxOf } from "../args.js";

const mark = (f: Finding) => (f.severity === "ok" ? green("ok  ") : f.severity === "warn" ? yellow("warn") : red("FAIL"));

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: "doctor",
      describe: "check every stream, lock, cache, run and claim, the agent CLIs, git and node; --repair applies the safe fixes",
      builder: (b) => b.option("repair", { type: "boolean", describe: "quarantine torn tails, set aside files that do not fold, mend hand-merged files, remove dead holders' locks, drop bad caches, record lost runs" }).example("maestro doctor --repair", ""),
      handler: async (a) => {
        const findings = await doctor(sessionCtxOf(a), { repair: a.repair === true });
        const open = findings.filter((f) => f.severity !== "ok" && !f.repaired);
        if (a.json) printJson({ ok: open.every((f) => f.severity !== "error"), findings });
        else
          for (const f of findings) {
            print(`${mark(f)}  ${f.check.padEnd(12)} ${f.what}${dim(`  (${f.where})`)}`);
            if (f.repaired) print(`      ${green("repaired")}: ${f.repaired}`);
            else if (f.fix && f.severity !== "ok") print(dim(`      fix: ${f.fix}`));
          }
        if (open.some((f) => f.severity === "error")) throw new Exit(4);
      },
    }),
  );
