// maestro principle outcome: rate how a principle served a handoff: helpful | unhelpful.
import { defineCommand } from "../../command.js";
import { runPrincipleCommand } from "@maestro/engine/knowledge";
import { ctxOf, oneOf } from "../../args.js";
import { print, printJson } from "../../output.js";

export const outcome = defineCommand({
  command: "outcome <id> <rating>",
  describe: "rate how a principle served a handoff: helpful | unhelpful",
  builder: (b) => b.positional("id", { type: "string", demandOption: true }).positional("rating", { type: "string", demandOption: true }).option("handoff", { type: "string", demandOption: true, describe: "the handoff id (hof_...) the principle served" }),
  handler: async (a) => {
    const rating = oneOf("rating", a.rating, ["helpful", "unhelpful"] as const);
    const r = await runPrincipleCommand(ctxOf(a), { type: "Rate", principleId: a.id!, handoffId: a.handoff!, helpful: rating === "helpful" });
    if (a.json) printJson({ events: r.events });
    else print(`rated ${a.id} ${rating} for ${a.handoff}`);
  },
});
