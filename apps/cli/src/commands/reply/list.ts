// maestro reply list: replies, oldest first.
import { defineCommand } from "../../command.js";
import { listReplies } from "@maestro/engine/knowledge";
import { atOf, ctxOf, withAt } from "../../args.js";
import { dim, print, printJson, table } from "../../output.js";

export const list = defineCommand({
  command: "list",
  describe: "replies, oldest first",
  builder: (b) => withAt(b.option("mission", { alias: "m", type: "string", describe: "mission id (optional when exactly one mission is active)" }).option("feature", { type: "string", describe: "a feature id of the mission" })),
  handler: async (a) => {
    const rs = await listReplies(ctxOf(a), { ...(a.mission ? { missionId: a.mission } : {}), ...(a.feature ? { featureId: a.feature } : {}), ...atOf(a) });
    if (a.json) return printJson(rs);
    if (!rs.length) return print("no replies");
    print(table([["MISSION", "FEATURE", "RESULT", "ASKED", "BY", "AT", "SUMMARY"].map(dim), ...rs.map((r) => [r.missionId, r.featureId, r.result, r.outcome, r.actor, r.at, r.report.salientSummary.slice(0, 50)])]));
  },
});
