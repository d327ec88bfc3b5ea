// maestro task history: every event that touched a task.
import { defineCommand } from "../../command.js";
import { eventSummary } from "@maestro/core/summary";
import { taskHistory } from "@maestro/engine/tasks";
import { sessionCtxOf } from "../../args.js";
import { bold, print, printJson, table } from "../../output.js";

export const history = defineCommand({
  command: "history <id>",
  describe: "every event that touched a task: who and when",
  builder: (b) => b.positional("id", { type: "string", demandOption: true }),
  handler: async (a) => {
    const { task, events } = (await taskHistory(sessionCtxOf(a), a.id));
    if (a.json) return printJson({ task: task.id, events });
    print(`${bold(task.id)} ${task.slug}: ${events.length} events`);
    print(table(events.map((e) => [String(e.seq), e.at, e.actor, e.type, eventSummary(e)])));
  },
});
