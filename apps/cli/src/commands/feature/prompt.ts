// maestro feature prompt: render the brief for one feature (printed, or written to --out), store it under the mission and record a PromptIssued event.
import { defineCommand } from "../../command.js";
import { ctxOf, missionOf, withMission } from "../../args.js";
import { print, printJson, out } from "../../output.js";

export const prompt = defineCommand({
  command: "prompt <id>",
  describe: "render the brief for one feature (printed, or written to --out), store it under the mission and record a PromptIssued event",
  builder: (b) => withMission(b.positional("id", { type: "string", demandOption: true })).option("out", { alias: "o", type: "string", describe: "write it here instead of printing it" }),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const r = await (await import("@maestro/engine/launch")).featurePrompt(ctx, (await missionOf(ctx, a)), a.id!, a.out);
    if (a.json) printJson({ path: r.path, out: r.out, sha256: r.sha256, events: r.events });
    else if (r.out) print(`wrote ${r.path} and ${r.out}`);
    else out(r.text);
  },
});
