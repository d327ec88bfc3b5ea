// maestro milestone start, validate, seal: a milestone's lifecycle verbs.
import { defineCommand } from "../../command.js";
import { runMissionCommand } from "@maestro/engine/missions";
import type { MilestoneAction } from "@maestro/core/mission/decide";
import { ctxOf, missionOf, withMission } from "../../args.js";
import { print, printJson } from "../../output.js";
import { eventsText } from "../../render.js";

const ACTIONS: readonly [MilestoneAction, string][] = [
  ["start", "start a pending milestone, or go back to work on a validating one"],
  ["validate", "move an executing milestone to validating"],
  ["seal", "seal a milestone: every feature in review or done, every assertion passed or waived"],
];

export const moves = ACTIONS.map(([action, describe]) =>
  defineCommand({
    command: `${action} <id>`,
    describe: describe,
    builder: (b) => withMission(b.positional("id", { type: "string", demandOption: true })),
    handler: async (a) => {
      const ctx = ctxOf(a);
      const r = await runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "ChangeMilestone", milestoneId: a.id!, action });
      const ms = r.domain.milestones[a.id!]!;
      if (a.json) return printJson({ events: r.events, milestone: ms });
      // (the last seal leaves the mission to complete: say the command)
      const done = Object.values(r.domain.milestones).every((m) => m.status === "sealed");
      print(`milestone ${ms.id} is ${ms.status}\n${eventsText(r.events)}${done && action === "seal" ? `\nnext: maestro mission complete ${r.domain.mission.id}` : ""}`);
    },
  }),
);
