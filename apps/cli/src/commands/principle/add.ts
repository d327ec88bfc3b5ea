// maestro principle add: add a principle.
import { defineCommand } from "../../command.js";
import { runPrincipleCommand } from "@maestro/engine/knowledge";
import { InvalidInput } from "@maestro/core/errors";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import { MILESTONE_PROFILES } from "@maestro/core/mission/statuses";
import type { Principle } from "@maestro/core/principles/events";
import { PRINCIPLE_MODES } from "@maestro/core/principles/values";
import { csv, ctxOf, oneOf } from "../../args.js";
import { print, printJson } from "../../output.js";
import { gateOf } from "./shared.js";

export const add = defineCommand({
  command: "add",
  describe: "add a principle",
  builder: (b) =>
    b
      .option("id", { type: "string", demandOption: true, describe: "1-64 of a-z 0-9 . _ - (the principle's id)" })
      .option("name", { type: "string", demandOption: true, describe: "a short name, one line" })
      .option("rule", { type: "string", demandOption: true, describe: "the rule itself, in free text" })
      .option("profiles", { type: "string", demandOption: true, describe: `comma-separated milestone profiles: ${MILESTONE_PROFILES.join(", ")}` })
      .option("mode", { type: "string", default: "advisory", describe: "advisory | gate" })
      .option("gate-field", { type: "string", describe: "a field of the reply report, e.g. assumptions" })
      .option("gate-check", { type: "string", describe: "array_min_length:N | object_non_empty | array_all_passed" }),
  handler: async (a) => {
    if (!USER_ID_PATTERN.test(a.id!)) throw new InvalidInput({ condition: "InvalidValue", message: `--id ${JSON.stringify(a.id)}: use 1-64 of a-z 0-9 . _ -` });
    const principle: Principle = { id: a.id!, name: a.name!, rule: a.rule!, profiles: csv(a.profiles), mode: oneOf("mode", a.mode, PRINCIPLE_MODES), gate: gateOf(a) };
    const r = await runPrincipleCommand(ctxOf(a), { type: "Add", principle });
    if (a.json) printJson({ events: r.events });
    else print(`added principle ${principle.id}`);
  },
});
