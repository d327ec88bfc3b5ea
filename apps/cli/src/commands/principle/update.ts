// maestro principle update: change a principle.
import { defineCommand } from "../../command.js";
import { runPrincipleCommand } from "@maestro/engine/knowledge";
import { InvalidInput } from "@maestro/core/errors";
import { PRINCIPLE_MODES } from "@maestro/core/principles/values";
import { csv, ctxOf, oneOf } from "../../args.js";
import { print, printJson } from "../../output.js";
import { gateOf } from "./shared.js";

export const update = defineCommand({
  command: "update <id>",
  describe: "change a principle",
  builder: (b) =>
    b
      .positional("id", { type: "string", demandOption: true })
      .option("name", { type: "string", describe: "a short name, one line" })
      .option("rule", { type: "string", describe: "the rule itself, in free text" })
      .option("profiles", { type: "string", describe: "comma-separated milestone profiles: planning, plan-review, implementation, code-review, bug-hunt, simplify, validation, custom" })
      .option("mode", { type: "string", describe: "advisory | gate" })
      .option("gate-field", { type: "string", describe: "the field of the reply report the gate checks" })
      .option("gate-check", { type: "string", describe: "array_min_length:N, object_non_empty or array_all_passed" }),
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
    const r = await runPrincipleCommand(ctxOf(a), { type: "Update", id: a.id!, changes });
    if (a.json) printJson({ events: r.events });
    else print(`updated principle ${a.id}`);
  },
});
