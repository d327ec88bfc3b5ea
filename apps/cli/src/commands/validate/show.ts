// maestro validate show: show a mission's assertions with their evidence.
import { defineCommand } from "../../command.js";
import { assertionsOf } from "@maestro/core/mission/queries";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, missionOf, withAt, withMission } from "../../args.js";
import { print, printJson, table } from "../../output.js";
import { assertionRows } from "../../render.js";

export const show = defineCommand({
  command: "show",
  describe: "show a mission's assertions with their evidence",
  builder: (b) => withAt(withMission(b)).option("milestone", { type: "string", describe: "a milestone id of the mission" }),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const { domain } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
    const as = assertionsOf(domain, a.milestone ? { milestone: a.milestone } : {});
    if (a.json) return printJson(as);
    print(as.length ? table(assertionRows(as)) : "no assertions (plan features list them under `fulfills`)");
  },
});
