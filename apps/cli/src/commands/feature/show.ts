// maestro feature show: show one feature: description, verification steps, dependencies, assertions.
import { defineCommand } from "../../command.js";
import { own } from "@maestro/core/envelope";
import { NotFound } from "@maestro/core/errors";
import { assertionsOf } from "@maestro/core/mission/queries";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, missionOf, withAt, withMission } from "../../args.js";
import { bold, dim, print, printJson, statusColor, table } from "../../output.js";
import { assertionRows } from "../../render.js";

export const show = defineCommand({
  command: "show <id>",
  describe: "show one feature: description, verification steps, dependencies, assertions",
  builder: (b) => withAt(withMission(b.positional("id", { type: "string", demandOption: true }))),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const { domain } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
    const f = own(domain.features, a.id!);
    if (!f) throw new NotFound({ condition: "FeatureNotFound", message: `feature "${a.id}" not found in mission "${domain.mission.id}"` });
    const assertions = assertionsOf(domain, { feature: f.id });
    if (a.json) return printJson({ ...f, assertions });
    print(`${bold(f.id)}  ${f.title}  [${statusColor(f.status)}]${f.reason ? `  ${dim(f.reason)}` : ""}`);
    print(table([["milestone", f.milestoneId], ["agent", f.agentType], ["depends on", f.dependsOn.join(", ") || "-"], ["updated", `${f.updatedAt} by ${f.updatedBy}`]], "  "));
    if (f.description) print(`\n  ${f.description}`);
    if (f.verificationSteps.length) print(`\n${bold("verification")}\n${f.verificationSteps.map((s, i) => `  ${i + 1}. ${s}`).join("\n")}`);
    if (assertions.length) print(`\n${bold("assertions")}\n${table(assertionRows(assertions), "  ")}`);
  },
});
