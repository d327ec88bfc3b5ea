// maestro handoff pickup: consume one open packet (exactly once) and print its brief; a task-linked one also claims the task here.
import { defineCommand } from "../../command.js";
import { sessionCtxOf } from "../../args.js";
import { out, printJson } from "../../output.js";

export const pickup = defineCommand({
  command: "pickup",
  describe: "consume one open packet (exactly once) and print its brief; a task-linked one also claims the task here",
  builder: (b) =>
    b
      .option("id", { type: "string", describe: "the packet (any project's); without it, this project's newest open one" })
      .option("standalone", { type: "boolean", describe: "take only the brief, from anywhere" })
      .option("all-projects", { type: "boolean", describe: "without --id: the newest open packet of any project" }),
  handler: async (a) => {
    const r = await (await import("@maestro/engine/launch")).pickupHandoff(sessionCtxOf(a), { ...(a.id ? { id: a.id } : {}), standalone: a.standalone === true, allProjects: a.allProjects === true });
    if (a.json) return printJson(r);
    out(r.brief);
  },
});
