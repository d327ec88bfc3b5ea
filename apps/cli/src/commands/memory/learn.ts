// maestro memory learn: record a learning.
import { defineCommand } from "../../command.js";
import { runMemoryCommand } from "@maestro/engine/knowledge";
import { ctxOf } from "../../args.js";
import { print, printJson } from "../../output.js";

export const learn = defineCommand({
  command: "learn <text>",
  describe: "record a learning",
  builder: (b) => b.positional("text", { type: "string", demandOption: true }).option("branch", { type: "string", describe: "the git branch it applies to (default: none)" }),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const id = ctx.newId("memory");
    const r = await runMemoryCommand(ctx, { type: "Learn", id, text: a.text!, branch: a.branch ?? null });
    if (a.json) printJson({ events: r.events });
    else print(`recorded learning ${id}`);
  },
});
