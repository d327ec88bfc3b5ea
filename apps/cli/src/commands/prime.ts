import type { Argv } from "yargs";
import { prime } from "@maestro/engine/prime";
import { sessionCtxOf, type Common } from "../args.js";
import { out, printJson } from "../output.js";

interface Args extends Common {
  readonly session?: string;
}

export const registerPrime = (y: Argv) =>
  y.command(
    "prime",
    "the calling agent's current context: its task and continuation, its handoff, its feature",
    (b) => b.option("session", { type: "string" }),
    async (raw) => {
      const a = raw as Args;
      const text = (await prime(sessionCtxOf(a)));
      if (a.json) return printJson({ text });
      out(text);
    },
  );
