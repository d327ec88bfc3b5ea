// maestro feature update: move a feature to a new status (the first start also starts the mission and its milestone).
import { defineCommand } from "../../command.js";
import { runMissionCommand } from "@maestro/engine/missions";
import { own } from "@maestro/core/envelope";
import { FEATURE_STATUSES } from "@maestro/core/mission/statuses";
import { ctxOf, missionOf, oneOf, withMission } from "../../args.js";
import { isStatus, print, printJson } from "../../output.js";
import { eventsText } from "../../render.js";

export const update = defineCommand({
  command: "update <id>",
  describe: "move a feature to a new status (the first start also starts the mission and its milestone)",
  builder: (b) =>
    withMission(b.positional("id", { type: "string", demandOption: true }))
      .option("status", { type: "string", demandOption: true, describe: FEATURE_STATUSES.join(" | ") })
      .option("reason", { type: "string", describe: "why, in free text (at most 10 KB); recorded on the event" })
      .example("maestro feature update auth-impl --mission <id> --status in-progress", ""),
  handler: async (a) => {
    const status = oneOf("status", a.status, FEATURE_STATUSES);
    const ctx = ctxOf(a);
    const r = await runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "UpdateFeature", featureId: a.id!, status, ...(a.reason ? { reason: a.reason } : {}) });
    const f = own(r.domain.features, a.id!)!;
    if (a.json) printJson({ events: r.events, feature: f });
    else print(`feature ${f.id} ${isStatus(f.status)}\n${eventsText(r.events)}`);
  },
});
