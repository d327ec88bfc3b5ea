// maestro memory stats: counts of corrections, learnings, guidance.
import { defineCommand } from "../../command.js";
import { memoryStats } from "@maestro/core/memory/memory";
import { loadMemory } from "@maestro/engine/knowledge";
import { atOf, ctxOf, withAt } from "../../args.js";
import { print, printJson, table } from "../../output.js";

export const stats = defineCommand({
  command: "stats",
  describe: "counts of corrections, learnings, guidance",
  builder: (b) => withAt(b),
  handler: async (a) => {
    const s = memoryStats((await loadMemory(ctxOf(a), atOf(a).at)));
    if (a.json) return printJson(s);
    print(table(Object.entries(s).map(([k, v]) => [k, String(v ?? "-")])));
  },
});
