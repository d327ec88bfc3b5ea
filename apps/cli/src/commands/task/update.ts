// maestro task update: status, field and continuation changes.
import { defineCommand } from "../../command.js";
import type { TaskCommand } from "@maestro/core/tasks/commands";
import { TASK_STATUSES, TASK_TYPES } from "@maestro/core/tasks/values";
import { csv, oneOf } from "../../args.js";
import { priorityOf, scopeOf } from "./inputs.js";
import { changed } from "./output.js";
import { run } from "./write.js";

export const update = defineCommand({
  command: "update <id>",
  describe: "change a task's status, fields or continuation",
  builder: (b) =>
    b
      .positional("id", { type: "string", demandOption: true })
      .option("status", { type: "string", describe: TASK_STATUSES.join(" | ") })
      .option("reason", { type: "string", describe: "why: required with --status completed; recorded with a reopen" })
      .option("receipt", { type: "string", describe: "proof of completion: a commit, a test run" })
      .option("title", { type: "string", describe: "one line, at most 200 characters" })
      .option("description", { type: "string", describe: "free text, at most 10 KB" })
      .option("priority", { type: "string", describe: "P0 (highest) .. P4" })
      .option("type", { type: "string", describe: "task | bug | feature | epic | chore" })
      .option("labels", { type: "string", describe: "comma-separated; replaces the labels" })
      .option("current-state", { type: "string", describe: "continuation: where the work stands" })
      .option("next-action", { type: "string", describe: "continuation: what the next agent should do" })
      .option("add-decision", { type: "string", array: true, describe: "a decision to record in the continuation (repeatable)" })
      .option("remove-decision", { type: "string", array: true, describe: "a recorded decision to drop, by its text (repeatable)" })
      .option("scope", { type: "string", describe: `the files its work may touch, as JSON: '{"files":["src/**"],"forbidden":["db/**"],"maxFiles":5}'; none drops it. Completing it checks what changed in git since the claim` })
      .option("done-when", { type: "string", array: true, describe: "what done looks like (repeatable; replaces the list), said in its briefs" })
      .option("force", { type: "boolean", describe: "rewrite a task another session holds; complete it out of its scope" }),
  handler: async (a) => {
    const status = a.status === undefined ? undefined : oneOf("status", a.status, TASK_STATUSES);
    const priority = priorityOf(a.priority);
    const type = a.type === undefined ? undefined : oneOf("type", a.type, TASK_TYPES);
    const changes: Extract<TaskCommand, { type: "UpdateTask" }>["changes"] = {
      ...(a.title !== undefined ? { title: a.title } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(priority ? { priority } : {}),
      ...(type ? { type } : {}),
      ...(a.labels !== undefined ? { labels: csv(a.labels) } : {}),
      ...(a.currentState !== undefined ? { currentState: a.currentState } : {}),
      ...(a.nextAction !== undefined ? { nextAction: a.nextAction } : {}),
      ...(a.addDecision?.length ? { addDecisions: a.addDecision } : {}),
      ...(a.removeDecision?.length ? { removeDecisions: a.removeDecision } : {}),
      ...(a.scope !== undefined ? { scope: scopeOf(a.scope) as never } : {}),
      ...(a.doneWhen?.length ? { doneWhen: a.doneWhen } : {}),
    };
    const r = await run(a, (ctx) => ({
      type: "UpdateTask",
      ref: a.id,
      session: ctx.actor,
      now: ctx.now(),
      changes,
      ...(status ? { status } : {}),
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
      ...(a.receipt !== undefined ? { receipt: a.receipt } : {}),
      ...(a.force ? { force: true } : {}),
    }));
    // (moving an unclaimed task to in_progress claims it: say so, it now blocks other sessions' claims)
    changed(a, r.events.some((e) => e.type === "TaskClaimed") ? "claimed and updated" : "updated", r, a.id);
  },
});
