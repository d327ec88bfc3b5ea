// maestro task heartbeat: keeping held tasks fresh, by hand or from a host's after-tool hook.
import { defineCommand } from "../../command.js";
import { hookCtxOf } from "../../hook-input.js";
import { print, printJson } from "../../output.js";
import { renewLeases } from "@maestro/engine/tasks";
import { run } from "./write.js";

export const heartbeat = defineCommand({
  command: "heartbeat [ids..]",
  describe: "record activity on this session's tasks (all of them by default), so they do not go stale",
  builder: (b) =>
    b
      .positional("ids", { type: "string", array: true })
      .option("force", { type: "boolean", describe: "refresh tasks this session does not hold" })
      .option("hook", { type: "boolean", describe: "as an after-tool hook (what `maestro install` writes): renews this session's leases once a quarter-lease has passed; silent, and exits 0 whatever happens" })
      .option("agent", { type: "string", describe: "with --hook: the host (claude, codex, gemini) whose session id the hook's stdin carries" }),
  handler: async (a) => {
    if (a.hook) {
      // (a hook that fails or prints stands in its host's way: renewing is best effort, and quiet)
      try {
        await renewLeases(hookCtxOf(a).ctx);
      } catch {
        // nothing to say to the host
      }
      return;
    }
    const r = await run(a, (ctx) => ({ type: "Heartbeat", refs: a.ids ?? [], session: ctx.actor, ...(a.force ? { force: true } : {}) }));
    const ids = (r.events[0]?.data as { taskIds: string[] } | undefined)?.taskIds ?? [];
    if (a.json) printJson({ events: r.events });
    else print(`heartbeat: ${ids.join(", ")}`);
  },
});
