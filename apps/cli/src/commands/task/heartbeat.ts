// maestro task heartbeat: keeping held tasks fresh.
import { defineCommand } from "../../command.js";
import { print, printJson } from "../../output.js";
import { run } from "./write.js";

export const heartbeat = defineCommand({
  command: "heartbeat [ids..]",
  describe: "record activity on this session's tasks (all of them by default), so they do not go stale",
  builder: (b) => b.positional("ids", { type: "string", array: true }).option("force", { type: "boolean", describe: "refresh tasks this session does not hold" }),
  handler: async (a) => {
    const r = await run(a, (ctx) => ({ type: "Heartbeat", refs: a.ids ?? [], session: ctx.actor, ...(a.force ? { force: true } : {}) }));
    const ids = (r.events[0]?.data as { taskIds: string[] } | undefined)?.taskIds ?? [];
    if (a.json) printJson({ events: r.events });
    else print(`heartbeat: ${ids.join(", ")}`);
  },
});
