// maestro memory forget: forget an entry (recorded; history keeps it).
import { defineCommand } from "../../command.js";
import { runMemoryCommand } from "@maestro/engine/knowledge";
import { ctxOf } from "../../args.js";
import { print, printJson } from "../../output.js";

export const forget = defineCommand({
  command: "forget <id>",
  describe: "forget an entry (recorded; history keeps it)",
  builder: (b) => b.positional("id", { type: "string", demandOption: true }).option("reason", { type: "string", describe: "why, in free text (at most 10 KB); recorded on the event" }),
  handler: async (a) => {
    const r = await runMemoryCommand(ctxOf(a), { type: "Forget", id: a.id!, ...(a.reason ? { reason: a.reason } : {}) });
    if (a.json) printJson({ events: r.events });
    else print(`forgot ${a.id}`);
  },
});
