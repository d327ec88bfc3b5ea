// maestro memory correct: record a correction: a rule for future agents.
import { defineCommand } from "../../command.js";
import { runMemoryCommand } from "@maestro/engine/knowledge";
import { SEVERITIES } from "@maestro/core/memory/values";
import { csv, ctxOf, oneOf } from "../../args.js";
import { print, printJson } from "../../output.js";

export const correct = defineCommand({
  command: "correct <text>",
  describe: "record a correction: a rule for future agents",
  builder: (b) =>
    b
      .positional("text", { type: "string", demandOption: true })
      .option("keywords", { type: "string", describe: "comma-separated" })
      .option("files", { type: "string", describe: "comma-separated globs, e.g. 'src/**/*.ts'" })
      .option("severity", { type: "string", default: "soft", describe: "soft | hard (hard ones go into every brief)" }),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const id = ctx.newId("memory");
    const r = await runMemoryCommand(ctx, { type: "Correct", id, rule: a.text!, keywords: csv(a.keywords), files: csv(a.files), severity: oneOf("severity", a.severity, SEVERITIES) });
    if (a.json) printJson({ events: r.events });
    else print(`recorded correction ${id}`);
  },
});
