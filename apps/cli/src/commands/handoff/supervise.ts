// maestro handoff supervise: supervise.
import { defineCommand } from "../../command.js";
import { sessionCtxOf } from "../../args.js";
import { out } from "../../output.js";

export const supervise = defineCommand({
  command: "_supervise <id>",
  describe: false,
  builder: (b) => b.positional("id", { type: "string", demandOption: true }),
  handler: async (a) => {
    // detached: tell the launcher the pid on stdout, then keep running until the agent exits
    await (await import("@maestro/engine/launch")).supervise(sessionCtxOf(a), a.id!, (pid) => {
      try {
        out(`${pid}\n`);
      } catch {
        // the launcher is gone; nothing to tell
      }
    });
  },
});
