// maestro task list: tasks by status, priority, type, label, parent, assignee.
import { defineCommand } from "../../command.js";
import { allTasks, requireTask } from "@maestro/core/tasks/queries";
import { TASK_STATUSES, TASK_TYPES } from "@maestro/core/tasks/values";
import { loadTasks } from "@maestro/engine/tasks";
import { atOf, oneOf, sessionCtxOf, withAt } from "../../args.js";
import { limitFlag, priorityOf } from "./inputs.js";
import { printTasks } from "./output.js";

export const list = defineCommand({
  command: "list",
  describe: "list tasks",
  builder: (b) =>
    withAt(b)
      .option("status", { type: "string", describe: TASK_STATUSES.join(" | ") })
      .option("priority", { type: "string", describe: "P0 (highest) .. P4" })
      .option("type", { type: "string", describe: "task | bug | feature | epic | chore" })
      .option("label", { type: "string", describe: "one line of text, at most 200 characters" })
      .option("parent", { type: "string", describe: "the parent task (id or slug)" })
      .option("assignee", { type: "string", describe: "the session holding it" })
      .option("limit", { type: "number", describe: "at most this many (0: all)" }),
  handler: async (a) => {
    const s = (await loadTasks(sessionCtxOf(a), atOf(a))).state;
    const status = a.status === undefined ? undefined : oneOf("status", a.status, TASK_STATUSES);
    const priority = priorityOf(a.priority);
    const type = a.type === undefined ? undefined : oneOf("type", a.type, TASK_TYPES);
    const parent = a.parent === undefined ? undefined : requireTask(s, a.parent).id;
    let ts = allTasks(s).filter(
      (t) =>
        (!status || t.status === status) &&
        (!priority || t.priority === priority) &&
        (!type || t.type === type) &&
        (!a.label || t.labels.includes(a.label)) &&
        (!parent || t.parentId === parent) &&
        (!a.assignee || t.assignee === a.assignee),
    );
    const limit = limitFlag(a.limit);
    if (limit !== undefined) ts = ts.slice(0, limit);
    printTasks(a, ts, "no tasks match");
  },
});
