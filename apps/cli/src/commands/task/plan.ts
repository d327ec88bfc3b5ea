// maestro task plan: many tasks from one plan file.
import { defineCommand } from "../../command.js";
import { previewTaskCommand, readTaskPlan } from "@maestro/engine/tasks";
import { findTask } from "@maestro/core/tasks/queries";
import type { TaskCommand } from "@maestro/core/tasks/commands";
import type { Ctx } from "@maestro/engine/context";
import { sessionCtxOf } from "../../args.js";
import { io } from "../../io.js";
import { dim, print, printJson, table } from "../../output.js";

/** Rows of a plan shown before the rest is summed up (a 1,200-task plan is not echoed whole). */
const SCREENFUL = 20;
const more = (n: number) => (n > SCREENFUL ? `\n${dim(`… and ${n - SCREENFUL} more: \`maestro task list\` (or --json) shows them all`)}` : "");
import { taskRows } from "./output.js";
import { run } from "./write.js";

export const plan = defineCommand({
  command: "plan",
  describe: "create a batch of tasks from a JSON file, all or nothing (names in the file are batch-local)",
  builder: (b) =>
    b
      .option("file", { alias: "f", type: "string", demandOption: true, describe: "a JSON file, or - for stdin" })
      .option("dry-run", { type: "boolean", describe: "show what would be created; write nothing" })
      .option("start", { type: "string", describe: "claim the task with this name once created" }),
  handler: async (a) => {
    const plan = await readTaskPlan(io().cwd, a.file);
    const cmd = (ctx: Ctx): TaskCommand => ({
      type: "PlanTasks",
      batchId: plan.batchId,
      tasks: plan.tasks.map((t) => ({
        name: t.name,
        taskId: ctx.newId("task"),
        title: t.title,
        ...(t.slug !== undefined ? { slug: t.slug } : {}),
        ...(t.description !== undefined ? { description: t.description } : {}),
        ...(t.type ? { type: t.type } : {}),
        ...(t.priority ? { priority: t.priority } : {}),
        ...(t.labels ? { labels: t.labels } : {}),
        ...(t.parent !== undefined ? { parent: t.parent } : {}),
        ...(t.blockedBy ? { blockedBy: t.blockedBy } : {}),
        ...(t.scope ? { scope: t.scope } : {}),
        ...(t.doneWhen ? { doneWhen: t.doneWhen } : {}),
      })),
      ...(a.start ? { start: { name: a.start, session: ctx.actor, now: ctx.now() } } : {}),
    });
    if (a.dryRun) {
      const ctx = sessionCtxOf(a);
      const planned = (await previewTaskCommand(ctx, cmd(ctx)));
      if (a.json) return printJson({ dryRun: true, batchId: plan.batchId, events: planned });
      if (!planned.length) return print(`plan ${plan.batchId} was applied already: it would create nothing`);
      const tasks = (planned[0]!.data as unknown as { tasks: { slug: string; title: string; blockedBy: string[] }[] }).tasks;
      const shown = tasks.slice(0, SCREENFUL);
      return print(`would create ${tasks.length} tasks (nothing written):\n${shown.map((t) => `  ${t.slug}  ${t.title}${t.blockedBy.length ? dim(`  blocked by ${t.blockedBy.length}`) : ""}`).join("\n")}${more(tasks.length)}`);
    }
    const r = await run(a, cmd);
    if (!r.events.length) {
      const ids = r.state.batches[plan.batchId] ?? [];
      if (a.json) return printJson({ events: [], batchId: plan.batchId, alreadyApplied: true, tasks: ids.map((id) => findTask(r.state, id)) });
      return print(`plan ${plan.batchId} was applied already (${ids.length} tasks): nothing created; see \`maestro task list\``);
    }
    const created = (r.events[0]!.data as unknown as { tasks: { taskId: string }[] }).tasks.map((t) => findTask(r.state, t.taskId)!);
    if (a.json) return printJson({ events: r.events, batchId: plan.batchId, tasks: created });
    print(`created ${created.length} tasks (plan ${plan.batchId})\n${table(taskRows(created.slice(0, SCREENFUL)))}${more(created.length)}`);
  },
});
