// maestro memory recall: corrections relevant to a task and files, best first (hard ones always).
import { defineCommand } from "../../command.js";
import { recall } from "@maestro/core/memory/memory";
import { loadMemory } from "@maestro/engine/knowledge";
import { atOf, csv, ctxOf, withAt } from "../../args.js";
import { dim, print, printJson, table } from "../../output.js";

export const recallCommand = defineCommand({
  command: "recall",
  describe: "corrections relevant to a task and files, best first (hard ones always)",
  builder: (b) => withAt(b.option("task", { type: "string", describe: "what the task at hand is about (ranks corrections by it)" }).option("files", { type: "string", describe: "comma-separated paths or globs the work touches" }).option("limit", { type: "number", default: 10, describe: "at most this many" })),
  handler: async (a) => {
    const rs = recall((await loadMemory(ctxOf(a), atOf(a).at)), { ...(a.task ? { task: a.task } : {}), files: csv(a.files), limit: a.limit! });
    if (a.json) return printJson(rs);
    print(rs.length ? table(rs.map((r) => [r.correction.id, String(r.score), r.correction.severity, r.correction.rule, dim(r.why.join("; "))])) : "nothing relevant");
  },
});
