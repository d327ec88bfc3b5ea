// maestro principle show: one principle.
import { defineCommand } from "../../command.js";
import { NotFound } from "@maestro/core/errors";
import { livePrinciples } from "@maestro/core/principles/principles";
import { loadPrinciples } from "@maestro/engine/knowledge";
import { atOf, ctxOf, withAt } from "../../args.js";
import { bold, print, printJson } from "../../output.js";

export const show = defineCommand({
  command: "show <id>",
  describe: "one principle",
  builder: (b) => withAt(b.positional("id", { type: "string", demandOption: true })),
  handler: async (a) => {
    const p = livePrinciples((await loadPrinciples(ctxOf(a), atOf(a).at))).find((x) => x.id === a.id);
    if (!p) throw new NotFound({ condition: "PrincipleNotFound", message: `principle "${a.id}" not found` });
    if (a.json) return printJson(p);
    print(`${bold(p.id)}  ${p.name}  [${p.mode}]\n  ${p.rule}\n  profiles: ${p.profiles.join(", ") || "-"}${p.gate ? `\n  gate: ${p.gate.field} ${p.gate.check}` : ""}`);
  },
});
