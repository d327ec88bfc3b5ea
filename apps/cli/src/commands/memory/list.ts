// maestro memory list: every live correction and learning.
import { defineCommand } from "../../command.js";
import { corrections, learnings } from "@maestro/core/memory/memory";
import { loadMemory } from "@maestro/engine/knowledge";
import { atOf, ctxOf, withAt } from "../../args.js";
import { print, printJson, table } from "../../output.js";

export const list = defineCommand({
  command: "list",
  describe: "every live correction and learning",
  builder: (b) => withAt(b),
  handler: async (a) => {
    const s = (await loadMemory(ctxOf(a), atOf(a).at));
    if (a.json) return printJson({ corrections: corrections(s), learnings: learnings(s), guidance: s.guidance });
    print(table([...corrections(s).map((c) => [c.id, `correction/${c.severity}`, c.rule]), ...learnings(s).map((l) => [l.id, "learning", l.text])]) || "memory is empty");
  },
});
