// maestro task claim: taking a task for this session.
import { defineCommand } from "../../command.js";
import { print } from "../../output.js";
import { durationOf } from "./inputs.js";
import { changed } from "./output.js";
import { run } from "./write.js";

export const claim = defineCommand({
  command: "claim <id>",
  describe: "claim a task for this session (exactly one of several racing sessions wins)",
  builder: (b) =>
    b
      .positional("id", { type: "string", demandOption: true })
      .option("force", { type: "boolean", describe: "take it over from its owner, or hold a second task" })
      .option("stale-after", { type: "string", describe: "take it over if the owner has been idle this long (e.g. 4h)" }),
  handler: async (a) => {
    const staleAfterMs = durationOf("stale-after", a.staleAfter);
    const r = await run(a, (ctx) => ({ type: "ClaimTask", ref: a.id, session: ctx.actor, now: ctx.now(), ...(a.force ? { force: true } : {}), ...(staleAfterMs !== undefined ? { staleAfterMs } : {}) }));
    if (!r.events.length && !a.json) return print(`already yours: ${a.id} is held by ${r.ctx.actor}`);
    changed(a, "claimed", r, a.id);
  },
});
