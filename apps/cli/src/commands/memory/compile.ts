// maestro memory compile: compile learnings into guidance (deterministic: near-duplicates merged, most repeated and recent first).
import { defineCommand } from "../../command.js";
import { runMemoryCommand } from "@maestro/engine/knowledge";
import { ctxOf } from "../../args.js";
import { dim, print, printJson } from "../../output.js";

export const compile = defineCommand({
  command: "compile",
  describe: "compile learnings into guidance (deterministic: near-duplicates merged, most repeated and recent first)",
  builder: (b) => b,
  handler: async (a) => {
    const r = await runMemoryCommand(ctxOf(a), { type: "Compile" });
    const guidance = r.state.guidance;
    if (a.json) return printJson({ guidance, events: r.events });
    print(guidance.length ? guidance.map((g) => `- ${g.text}${g.count > 1 ? dim(` (x${g.count})`) : ""}`).join("\n") : "no learnings to compile");
  },
});
