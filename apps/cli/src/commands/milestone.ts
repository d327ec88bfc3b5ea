import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { NotFound } from "@maestro/core/errors";
import type { MilestoneAction } from "@maestro/core/mission/decide";
import { assertionsOf, featuresOf, milestonesOf } from "@maestro/core/mission/queries";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, withAt, withMission } from "../args.js";
import { missionOf } from "../mission-arg.js";
import { bold, dim, print, printJson, statusColor, table } from "../output.js";
import { assertionRows, eventsText, featureRows } from "../render.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/mission-commands");

const ACTIONS: readonly [MilestoneAction, string][] = [
  ["start", "start a pending milestone, or go back to work on a validating one"],
  ["validate", "move an executing milestone to validating"],
  ["seal", "seal a milestone: every feature in review or done, every assertion passed or waived"],
];

export const register = (y: Argv) =>
  y.command("milestone", "list, start, validate and seal milestones", (m) => {
    m.example("maestro milestone list --mission <id>", "");
    m.example("maestro milestone seal implement --mission <id>", "");
    m.command(
      defineCommand({
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
      }),
    );
    m.command(
      defineCommand({
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
      }),
    );
    for (const [action, describe] of ACTIONS)
      m.command(
        defineCommand({
          command: `${action} <id>`,
          describe: describe,
          builder: (b) => withMission(b.positional("id", { type: "string", demandOption: true })),
          handler: async (a) => {
            const ctx = ctxOf(a);
            const r = await (await commands()).runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "ChangeMilestone", milestoneId: a.id!, action });
            const ms = r.domain.milestones[a.id!]!;
            if (a.json) printJson({ events: r.events, milestone: ms });
            else print(`milestone ${ms.id} is ${ms.status}\n${eventsText(r.events)}`);
          },
        }),
      );
    return m.demandCommand(1, "name a milestone command; see `maestro milestone --help`");
  });
