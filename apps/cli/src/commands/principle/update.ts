// maestro principle update: change a principle.
import { defineCommand } from "../../command.js";
import { InvalidInput } from "@maestro/core/errors";
import { PRINCIPLE_MODES } from "@maestro/core/principles/values";
import { csv, ctxOf, oneOf } from "../../args.js";
import { print, printJson } from "../../output.js";
import { commands, gateOf } from "./shared.js";

export const update = defineCommand({
  command: "update <id>",
  describe: "change a principle",
  builder: (b) =>
    b
      .positional("id", { type: "string", demandOption: true })
      .option("name", { type: "string" })
      .option("rule", { type: "string" })
      .option("profiles", { type: "string" })
      .option("mode", { type: "string" })
      .option("gate-field", { type: "string" })
      .option("gate-check", { type: "string" }),
  handler: async (a) => {
    const gate = gateOf(a);
    const changes = {
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.rule !== undefined ? { rule: a.rule } : {}),
      ...(a.profiles !== undefined ? { profiles: csv(a.profiles) } : {}),
      ...(a.mode !== undefined ? { mode: oneOf("mode", a.mode, PRINCIPLE_MODES) } : {}),
      ...(gate ? { gate } : {}),
    };
    if (!Object.keys(changes).length) throw new InvalidInput({ condition: "NothingToChange", message: "nothing to update; pass --name, --rule, --profiles, --mode or --gate-field with --gate-check" });
    const r = await (await commands()).runPrincipleCommand(ctxOf(a), { type: "Update", id: a.id!, changes });
    if (a.json) printJson({ events: r.events });
    else print(`updated principle ${a.id}`);
  },
});
