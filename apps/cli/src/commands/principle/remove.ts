// maestro principle remove: remove a principle (history keeps it).
import { defineCommand } from "../../command.js";
import { runPrincipleCommand } from "@maestro/engine/knowledge";
import { ctxOf } from "../../args.js";
import { print, printJson } from "../../output.js";

export const remove = defineCommand({
  command: "remove <id>",
  describe: "remove a principle (history keeps it)",
  builder: (b) => b.positional("id", { type: "string", demandOption: true }),
  handler: async (a) => {
    const r = await runPrincipleCommand(ctxOf(a), { type: "Remove", id: a.id! });
    if (a.json) printJson({ events: r.events });
    else print(`removed principle ${a.id}`);
  },
});
