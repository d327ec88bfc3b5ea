// maestro task create: a new task.
import { defineCommand } from "../../command.js";
import { InvalidInput } from "@maestro/core/errors";
import { TASK_TYPES } from "@maestro/core/tasks/values";
import { csv, oneOf } from "../../args.js";
import { priorityOf, scopeOf } from "./inputs.js";
import { changed } from "./output.js";
import { run } from "./write.js";

export const create = defineCommand({
  command: "create <title>",
  describe: "create a task",
  builder: (b) =>
    b
      .positional("title", { type: "string", demandOption: true })
      .option("type", { type: "string", describe: TASK_TYPES.join(" | ") })
      .option("priority", { alias: "p", type: "string", describe: "P0 (highest) .. P4; default P2" })
      .option("labels", { type: "string", describe: "comma-separated" })
      .option("parent", { type: "string", describe: "the parent task (id or slug)" })
      .option("blocked-by", { type: "string", describe: "comma-separated task ids or slugs" })
      .option("description", { alias: "d", type: "string", describe: "free text, at most 10 KB" })
      .option("slug", { type: "string", describe: "human id such as fix/login-timeout (default: from the title)" })
      .option("feature", { type: "string", describe: "link a mission feature (with --mission)" })
      .option("scope", { type: "string", describe: `the files its work may touch, as JSON: '{"files":["src/**"],"forbidden":["db/**"],"maxFiles":5}'; completing it checks what changed in git since the claim` })
      .option("done-when", { type: "string", array: true, describe: "what done looks like (repeatable), said in its briefs" })
      .option("mission", { alias: "m", type: "string", describe: "mission id (optional when exactly one mission is active)" }),
  handler: async (a) => {
    if (a.feature && !a.mission) throw new InvalidInput({ condition: "UsageError", message: "--feature needs --mission <id>" });
    const type = a.type === undefined ? undefined : oneOf("type", a.type, TASK_TYPES);
    const priority = priorityOf(a.priority);
    const r = await run(a, (ctx) => ({
      type: "CreateTask",
      task: {
        taskId: ctx.newId("task"),
        title: a.title,
        ...(a.slug !== undefined ? { slug: a.slug } : {}),
        ...(a.description !== undefined ? { description: a.description } : {}),
        ...(type ? { type } : {}),
        ...(priority ? { priority } : {}),
        labels: csv(a.labels),
        ...(a.parent ? { parent: a.parent } : {}),
        blockedBy: csv(a.blockedBy),
        ...(a.feature ? { feature: { missionId: a.mission!, featureId: a.feature } } : {}),
        ...(a.scope !== undefined ? { scope: scopeOf(a.scope) as never } : {}),
        ...(a.doneWhen?.length ? { doneWhen: a.doneWhen } : {}),
      },
    }));
    const id = (r.events[0]!.data as { taskId: string }).taskId;
    changed(a, "created", r, id);
  },
});
