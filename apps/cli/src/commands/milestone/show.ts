// maestro milestone show: show a milestone with its features and assertions.
import { defineCommand } from "../../command.js";
import { NotFound } from "@maestro/core/errors";
import { assertionsOf, featuresOf } from "@maestro/core/mission/queries";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, missionOf, withAt, withMission } from "../../args.js";
import { bold, dim, print, printJson, statusColor, table } from "../../output.js";
import { assertionRows, featureRows } from "../../render.js";

export const show = defineCommand({
  command: "show <id>",
  describe: "show a milestone with its features and assertions",
  builder: (b) => withAt(withMission(b.positional("id", { type: "string", demandOption: true }))),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const { domain } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
    const ms = domain.milestones[a.id!];
    if (!ms) throw new NotFound({ condition: "MilestoneNotFound", message: `milestone "${a.id}" not found in mission "${domain.mission.id}"` });
    const features = featuresOf(domain, { milestone: ms.id });
    const assertions = assertionsOf(domain, { milestone: ms.id });
    if (a.json) return printJson({ ...ms, features, assertions });
    print(`${bold(ms.id)}  ${ms.title}  [${statusColor(ms.status)}]  ${dim(`${ms.kind}/${ms.profile}`)}`);
    if (ms.description) print(`  ${ms.description}`);
    print(`\n${bold("features")}\n${table(featureRows(features), "  ")}`);
    if (assertions.length) print(`\n${bold("assertions")}\n${table(assertionRows(assertions), "  ")}`);
  },
});
