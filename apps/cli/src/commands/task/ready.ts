// maestro task ready: the ready queue, and claiming from it.
import { defineCommand } from "../../command.js";
import { findTask } from "@maestro/core/tasks/queries";
import { TASK_TYPES } from "@maestro/core/tasks/values";
import { readyTasksOf } from "@maestro/engine/tasks";
import { atOf, sessionCtxOf, withAt } from "../../args.js";
import { print, printJson } from "../../output.js";
import { filterOf, limitFlag } from "./inputs.js";
import { printTasks } from "./output.js";
import { run } from "./write.js";

export const ready = defineCommand({
  command: "ready",
  describe: "tasks ready to work on (pending, unassigned, every blocker completed), P0 first",
  builder: (b) =>
    withAt(b)
      .option("limit", { type: "number", describe: "at most this many (0: all)" })
      .option("label", { type: "string", describe: "only tasks with this label" })
      .option("priority", { alias: "p", type: "string", describe: "only this priority, P0..P4" })
      .option("type", { type: "string", describe: `only this type: ${TASK_TYPES.join(" | ")}` })
      .option("unassigned", { type: "boolean", describe: "only tasks nobody holds (always so: a held task is in progress, not ready)" })
      .option("claim", { type: "boolean", describe: "claim the top ready task (of those the filters leave), atomically" })
      .option("force", { type: "boolean", describe: "claim even while this session holds another task" }),
  handler: async (a) => {
    const filter = filterOf(a);
    if (a.claim) {
      const r = await run(a, (ctx) => ({ type: "ClaimReady", session: ctx.actor, now: ctx.now(), filter, ...(a.force ? { force: true } : {}) }));
      const claimed = r.events[0]?.data as { taskId: string } | undefined;
      const t = claimed ? findTask(r.state, claimed.taskId)! : null;
      if (a.json) return printJson({ claimed: t, events: r.events });
      return print(t ? `claimed ${t.id} (${t.slug}) ${t.priority} ${t.title}` : "nothing ready to claim");
    }
    const limit = limitFlag(a.limit);
    printTasks(a, await readyTasksOf(sessionCtxOf(a), { ...atOf(a), filter, ...(limit === undefined ? {} : { limit }) }), Object.keys(filter).length ? "nothing ready matches" : "nothing ready");
  },
});
