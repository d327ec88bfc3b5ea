// maestro task reopen: reopening a closed task.
import { defineCommand } from "../../command.js";
import { changed } from "./output.js";
import { run } from "./write.js";

export const reopen = defineCommand({
  command: "reopen <id>",
  describe: "move a completed or cancelled task back to pending",
  builder: (b) => b.positional("id", { type: "string", demandOption: true }).option("reason", { type: "string", describe: "why, in free text (at most 10 KB); recorded on the event" }),
  handler: async (a) => {
    const r = await run(a, () => ({ type: "ReopenTask", ref: a.id, ...(a.reason ? { reason: a.reason } : {}) }));
    changed(a, "reopened", r, a.id);
  },
});
