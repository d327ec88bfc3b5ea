// maestro mission list: list missions with status and progress.
import { defineCommand } from "../../command.js";
import { progressOf, activeMilestoneOf } from "@maestro/core/mission/queries";
import { listMissions } from "@maestro/engine/missions";
import { MISSION_STATUSES } from "@maestro/core/mission/statuses";
import { atOf, ctxOf, oneOf, withTimeAt } from "../../args.js";
import { print, printJson, statusColor, table, dim } from "../../output.js";

export const list = defineCommand({
  command: "list",
  describe: "list missions with status and progress",
  builder: (b) => withTimeAt(b.option("status", { type: "string", describe: `only missions with this status: ${MISSION_STATUSES.join(" | ")}` })),
  handler: async (a) => {
    const status = a.status === undefined ? undefined : oneOf("status", a.status, MISSION_STATUSES);
    const all = (await listMissions(ctxOf(a), atOf(a).at)).filter((d) => !status || d.mission.status === status);
    if (a.json) return printJson(all.map((d) => ({ ...d.mission, progress: progressOf(d), activeMilestone: activeMilestoneOf(d)?.id ?? null })));
    if (!all.length) return print("no missions; create one with `maestro mission create --file plan.json`");
    print(
      table([
        ["ID", "STATUS", "FEATURES", "ASSERTIONS", "MILESTONE", "TITLE"].map(dim),
        ...all.map((d) => {
          const p = progressOf(d);
          return [d.mission.id, statusColor(d.mission.status), `${p.features.done}/${p.features.total}`, `${p.assertions.passed}/${p.assertions.total}`, activeMilestoneOf(d)?.id ?? "-", d.mission.title];
        }),
      ]),
    );
  },
});
