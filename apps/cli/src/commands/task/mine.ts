// maestro task mine: what this session holds.
import { defineCommand } from "../../command.js";
import { inFlight, lostClaims, takenFrom } from "@maestro/core/tasks/queries";
import { loadTasks } from "@maestro/engine/tasks";
import { atOf, sessionCtxOf, withAt } from "../../args.js";
import { printTasks } from "./output.js";

export const mine = defineCommand({
  command: "mine",
  describe: "tasks this session holds",
  builder: (b) => withAt(b),
  handler: async (a) => {
    const ctx = sessionCtxOf(a);
    const s = (await loadTasks(ctx, atOf(a))).state;
    // (on stderr, so the JSON stays the list of tasks held)
    for (const c of lostClaims(s, ctx.actor)) ctx.warn(`lost after a merge: ${c.subject}: ${c.reason}; take another with \`maestro task ready --claim\``);
    for (const t of takenFrom(s, ctx.actor)) ctx.warn(`taken over: ${t.id} (${t.slug}) is held by ${t.assignee ?? "nobody now"}; claim it again or take another with \`maestro task ready --claim\``);
    printTasks(a, inFlight(s, ctx.actor), `${ctx.actor} holds no task`);
  },
});
