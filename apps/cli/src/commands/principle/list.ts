// maestro principle list: principles, optionally only those of one milestone profile.
import { defineCommand } from "../../command.js";
import { MILESTONE_PROFILES } from "@maestro/core/mission/statuses";
import { livePrinciples } from "@maestro/core/principles/principles";
import { loadPrinciples } from "@maestro/engine/knowledge";
import { atOf, ctxOf, oneOf, withAt } from "../../args.js";
import { print, printJson, table } from "../../output.js";
import { rows } from "./shared.js";

export const list = defineCommand({
  command: "list",
  describe: "principles, optionally only those of one milestone profile",
  builder: (b) => withAt(b.option("profile", { type: "string", describe: "a milestone profile: planning, plan-review, implementation, code-review, bug-hunt, simplify, validation, custom" })),
  handler: async (a) => {
    const ps = livePrinciples((await loadPrinciples(ctxOf(a), atOf(a).at)), a.profile === undefined ? undefined : oneOf("profile", a.profile, MILESTONE_PROFILES));
    if (a.json) return printJson(ps);
    print(ps.length ? table(rows(ps)) : "no principles; add one with `maestro principle add`");
  },
});
