// maestro task status: the board.
import { defineCommand } from "../../command.js";
import { boardOf, findTask } from "@maestro/core/tasks/queries";
import type { Task } from "@maestro/core/tasks/state";
import { loadTasks } from "@maestro/engine/tasks";
import { atOf, sessionCtxOf, withAt } from "../../args.js";
import { bold, dim, print, printJson } from "../../output.js";

export const status = defineCommand({
  command: "status",
  describe: "the board: ACTIVE, READY, BLOCKED, dependency tracks, and what to do next",
  builder: (b) => withAt(b),
  handler: async (a) => {
    const ctx = sessionCtxOf(a);
    const s = (await loadTasks(ctx, atOf(a))).state;
    const board = boardOf(s, ctx.actor);
    if (a.json) return printJson({ ...board, blocked: board.blocked.map((x) => ({ ...x.task, waitingOn: x.waitingOn })) });
    const slug = (id: string) => findTask(s, id)?.slug ?? id;
    const line = (t: Task) => `  ${t.id}  ${t.slug}  ${t.priority}  ${t.title}${t.assignee ? dim(`  @${t.assignee}`) : ""}`;
    print(bold(`ACTIVE (${board.active.length})`));
    for (const t of board.active) print(line(t));
    print(bold(`READY (${board.ready.length})`));
    for (const t of board.ready.slice(0, 20)) print(line(t));
    if (board.ready.length > 20) print(dim(`  … ${board.ready.length - 20} more (maestro task ready)`));
    print(bold(`BLOCKED (${board.blocked.length})`));
    for (const x of board.blocked.slice(0, 20)) print(`${line(x.task)}${dim(`  waiting on ${x.waitingOn.map(slug).join(", ")}`)}`);
    if (board.tracks.length) {
      print(bold("TRACKS"));
      for (const tr of board.tracks) print(`  ${tr.map(slug).join(" -> ")}`);
    }
    print(dim(`${board.completed} completed${board.cancelled ? `, ${board.cancelled} cancelled` : ""}`));
    print(`next: ${board.next ?? "nothing to do; create a task with `maestro task create`"}`);
  },
});
