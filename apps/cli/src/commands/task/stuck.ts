// maestro task stuck: claims gone quiet.
import { defineCommand } from "../../command.js";
import { formatAge } from "@maestro/core/duration";
import { stuckTasks } from "@maestro/core/tasks/queries";
import { loadTasks } from "@maestro/engine/tasks";
import { atOf, sessionCtxOf, withAt } from "../../args.js";
import { dim, print, printJson, table } from "../../output.js";
import { durationOf } from "./inputs.js";

export const stuck = defineCommand({
  command: "stuck",
  describe: "in-progress tasks with no activity for a while",
  builder: (b) => withAt(b).option("older-than", { type: "string", default: "4h", describe: "a duration: 30m, 4h, 2d (default 4h)" }),
  handler: async (a) => {
    const ms = durationOf("older-than", a.olderThan)!;
    const ctx = sessionCtxOf(a);
    const now = ctx.now();
    const ts = stuckTasks((await loadTasks(ctx, atOf(a))).state, now, ms);
    if (a.json) return printJson(ts);
    if (!ts.length) return print(`nothing idle for more than ${a.olderThan}`);
    print(table([["ID", "ASSIGNEE", "IDLE", "TITLE"].map(dim), ...ts.map((t) => [t.id, t.assignee ?? "-", formatAge(Date.parse(now) - Date.parse(t.lastActivityAt)), t.title])]));
  },
});
