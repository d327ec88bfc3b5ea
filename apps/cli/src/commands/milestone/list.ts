// maestro milestone list: list a mission's milestones.
import { defineCommand } from "../../command.js";
import { featuresOf, milestonesOf } from "@maestro/core/mission/queries";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, missionOf, withAt, withMission } from "../../args.js";
import { dim, print, printJson, statusColor, table } from "../../output.js";

export const list = defineCommand({
  command: "list",
  describe: "list a mission's milestones",
  builder: (b) => withAt(withMission(b)),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const { domain } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
    const ms = milestonesOf(domain).map((x) => ({ ...x, features: featuresOf(domain, { milestone: x.id }).length }));
    if (a.json) return printJson(ms);
    print(table([["ID", "ORDER", "KIND", "PROFILE", "STATUS", "FEATURES", "TITLE"].map(dim), ...ms.map((x) => [x.id, String(x.order), x.kind, x.profile, statusColor(x.status), String(x.features), x.title])]));
  },
});
