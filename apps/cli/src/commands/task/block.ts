// maestro task block / unblock: edges of the blocker graph, one event for all the listed tasks.
import { findTask } from "@maestro/core/tasks/queries";
import { defineCommand } from "../../command.js";
import { print, printJson } from "../../output.js";
import { run } from "./write.js";

const edges = (verb: "block" | "unblock") =>
  defineCommand({
    command: `${verb} <id> <blocked..>`,
    describe: verb === "block" ? "make <id> block the listed tasks (they wait for it); a cycle is refused" : "remove <id> as a blocker of the listed tasks",
    builder: (b) => b.positional("id", { type: "string", demandOption: true }).positional("blocked", { type: "string", array: true, demandOption: true }),
    handler: async (a) => {
      const r = await run(a, () => ({ type: verb === "block" ? "BlockTasks" : "UnblockTasks", blocker: a.id, blocked: a.blocked }));
      const d = r.events[0]?.data as { blocked: string[] } | undefined;
      if (a.json) return printJson({ events: r.events, task: findTask(r.state, a.id) });
      print(d ? `${a.id} ${verb === "block" ? "now blocks" : "no longer blocks"} ${d.blocked.join(", ")}` : "nothing to do: already so");
    },
  });

export const block = edges("block");
export const unblock = edges("unblock");
