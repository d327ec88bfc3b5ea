// maestro task show: one task in full.
import { defineCommand } from "../../command.js";
import { conflictsOf, openBlockers, requireTask } from "@maestro/core/tasks/queries";
import { leaseOf, loadTasks } from "@maestro/engine/tasks";
import { atOf, sessionCtxOf, withAt } from "../../args.js";
import { printJson } from "../../output.js";
import { showTask } from "./output.js";

export const show = defineCommand({
  command: "show <id>",
  describe: "show a task: blockers, owner, continuation",
  builder: (b) => withAt(b.positional("id", { type: "string", demandOption: true })),
  handler: async (a) => {
    const ctx = sessionCtxOf(a);
    const s = (await loadTasks(ctx, atOf(a))).state;
    const t = requireTask(s, a.id);
    const lease = await leaseOf(ctx, t);
    if (a.json) printJson({ ...t, lease: lease ?? null, openBlockers: openBlockers(s, t).map((x) => x.id), conflicts: conflictsOf(s, t.id) });
    else showTask(s, t, lease);
  },
});
