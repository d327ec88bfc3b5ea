import type { Argv } from "yargs";
import { initProject } from "@maestro/engine/knowledge";
import { ctxOf, type Common } from "../args.js";
import { print, printJson } from "../output.js";

export const register = (y: Argv) =>
  y.command(
    "init",
    "create the .maestro/ workspace for this project (idempotent)",
    (b) => b.example("maestro init", "creates .maestro/ at the git root and seeds the default principles"),
    async (a) => {
      const r = await initProject(ctxOf(a as Common));
      if ((a as Common).json) printJson(r);
      else print(r.created ? `initialized ${r.dir}${r.seededPrinciples ? " (with the default principles; see `maestro principle list`)" : ""}` : `already initialized: ${r.dir}`);
    },
  );
