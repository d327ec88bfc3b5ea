import type { Argv } from "yargs";
import { initWorkspace } from "@maestro/engine";
import { ctxOf, type Common } from "../args.js";
import { print, printJson } from "../output.js";

export const register = (y: Argv) =>
  y.command(
    "init",
    "create the .maestro/ workspace for this project (idempotent)",
    (b) => b,
    (a) => {
      const r = initWorkspace(ctxOf(a as Common));
      if ((a as Common).json) printJson(r);
      else print(r.created ? `initialized ${r.dir}` : `already initialized: ${r.dir}`);
    },
  );
