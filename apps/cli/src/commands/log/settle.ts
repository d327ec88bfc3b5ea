// maestro log settle: record merge conflicts as seen and settled, so only open ones are counted.
import { defineCommand } from "../../command.js";
import { settleConflicts } from "@maestro/engine/log";
import { ctxOf } from "../../args.js";
import { print, printJson } from "../../output.js";

export const settle = defineCommand({
  command: "settle [ids..]",
  describe: "record merge conflicts as seen and settled (ids from `log --conflicts`), so status and doctor count only open ones",
  builder: (b) =>
    b
      .positional("ids", { type: "string", array: true, describe: "the conflicts' ids" })
      .option("all", { type: "boolean", describe: "every open conflict" })
      .option("note", { type: "string", describe: "what was done about them, for the audit trail" })
      .example("maestro log settle ev_V1StGXR8Z5jd/tsk_x7k2 --note 'redid the edit on the winner's task'", "")
      .example("maestro log settle --all", ""),
  handler: async (a) => {
    const settled = await settleConflicts(ctxOf(a), { ids: a.ids ?? [], ...(a.all ? { all: true } : {}), ...(a.note !== undefined ? { note: a.note } : {}) });
    if (a.json) return printJson({ settled: settled.map((c) => c.id) });
    print(`settled ${settled.length} merge conflict${settled.length === 1 ? "" : "s"}: ${settled.map((c) => c.id).join(", ")}`);
  },
});
