// maestro mission create: create a mission from a JSON plan file.
import { defineCommand } from "../../command.js";
import { createMission } from "@maestro/engine/missions";
import { WORKFLOW_NAMES } from "@maestro/core/mission/workflows";
import { readInputFile } from "@maestro/engine/input";
import { ctxOf } from "../../args.js";
import { count, print, printJson } from "../../output.js";

export const create = defineCommand({
  command: "create",
  describe: "create a mission from a JSON plan file",
  builder: (b) =>
    b
      .option("file", { alias: "f", type: "string", demandOption: true, describe: "plan.json, or - for stdin" })
      .option("workflow", { type: "string", describe: `make the milestones from a template (the plan then lists none): ${WORKFLOW_NAMES.join(" | ")}` })
      .example("maestro mission create --file plan.json", "")
      .example("maestro mission create --file features.json --workflow plan-review-implement", ""),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const d = await createMission(ctx, readInputFile(ctx.cwd, a.file!), a.file!, a.workflow);
    if (a.json) printJson(d);
    else print(`created mission ${d.mission.id} "${d.mission.title}" (draft: ${count(Object.keys(d.milestones).length, "milestone")}, ${count(Object.keys(d.features).length, "feature")}, ${count(Object.keys(d.assertions).length, "assertion")})\nnext: maestro mission approve ${d.mission.id}`);
  },
});
