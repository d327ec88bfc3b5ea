// maestro task unclaim: giving a held task back.
import { defineCommand } from "../../command.js";
import { changed } from "./output.js";
import { run } from "./write.js";

export const unclaim = defineCommand({
  command: "unclaim <id>",
  describe: "give a claimed task back to the queue",
  builder: (b) => b.positional("id", { type: "string", demandOption: true }).option("force", { type: "boolean", describe: "even if another session holds it" }),
  handler: async (a) => {
    const r = await run(a, (ctx) => ({ type: "UnclaimTask", ref: a.id, session: ctx.actor, ...(a.force ? { force: true } : {}) }));
    changed(a, "unclaimed", r, a.id);
  },
});
