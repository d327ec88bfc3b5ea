// maestro feature list: list a mission's features.
import { defineCommand } from "../../command.js";
import { featuresOf } from "@maestro/core/mission/queries";
import { FEATURE_STATUSES } from "@maestro/core/mission/statuses";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, missionOf, oneOf, withAt, withMission } from "../../args.js";
import { print, printJson, table } from "../../output.js";
import { featureRows } from "../../render.js";

export const list = defineCommand({
  command: "list",
  describe: "list a mission's features",
  builder: (b) => withAt(withMission(b)).option("milestone", { type: "string", describe: "a milestone id of the mission" }).option("status", { type: "string", describe: FEATURE_STATUSES.join(" | ") }),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const { domain } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
    const fs = featuresOf(domain, { ...(a.milestone ? { milestone: oneOf("milestone", a.milestone, Object.keys(domain.milestones)) } : {}), ...(a.status ? { status: oneOf("status", a.status, FEATURE_STATUSES) } : {}) });
    if (a.json) return printJson(fs);
    print(fs.length ? table(featureRows(fs)) : "no features match");
  },
});
