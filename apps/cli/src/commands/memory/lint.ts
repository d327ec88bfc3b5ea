// maestro memory lint: duplicate or contradictory corrections, stale learnings.
import { defineCommand } from "../../command.js";
import { lintMemory } from "@maestro/core/memory/memory";
import { loadMemory } from "@maestro/engine/knowledge";
import { atOf, ctxOf, withAt } from "../../args.js";
import { print, printJson } from "../../output.js";

export const lint = defineCommand({
  command: "lint",
  describe: "duplicate or contradictory corrections, stale learnings",
  builder: (b) => withAt(b),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const fs = lintMemory((await loadMemory(ctx, atOf(a).at)), ctx.now());
    if (a.json) return printJson(fs);
    print(fs.length ? fs.map((f) => `${f.kind}: ${f.message} (${f.ids.join(", ")})`).join("\n") : "memory is clean");
  },
});
