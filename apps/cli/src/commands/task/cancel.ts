// maestro task cancel: closing a task that will not be done.
import { defineCommand } from "../../command.js";
import { findTask, isReady } from "@maestro/core/tasks/queries";
import { print } from "../../output.js";
import { changed } from "./output.js";
import { run } from "./write.js";

export const cancel = defineCommand({
  command: "cancel <id>",
  describe: "close a task that will not be done: it leaves the queue, no longer blocks, and stays in history",
  builder: (b) =>
    b
      .positional("id", { type: "string", demandOption: true })
      .option("reason", { type: "string", demandOption: true, describe: "why it will not be done" })
      .option("force", { type: "boolean", describe: "even if another session holds it" }),
  handler: async (a) => {
    const r = await run(a, (ctx) => ({ type: "CancelTask", ref: a.id, reason: a.reason, session: ctx.actor, ...(a.force ? { force: true } : {}) }));
    changed(a, "cancelled", r, a.id);
    const freed = findTask(r.state, a.id)!.blocks.map((id) => findTask(r.state, id)!).filter((t) => isReady(r.state, t));
    if (!a.json && freed.length) print(`now ready: ${freed.map((t) => t.slug).join(", ")}`);
  },
});
