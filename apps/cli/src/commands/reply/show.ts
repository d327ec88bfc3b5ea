// maestro reply show: a feature's latest reply and its history.
import { defineCommand } from "../../command.js";
import { listReplies } from "@maestro/engine/knowledge";
import { atOf, ctxOf, missionOf, withAt, withMission } from "../../args.js";
import { bold, dim, print, printJson, table } from "../../output.js";

export const show = defineCommand({
  command: "show <id>",
  describe: "a feature's latest reply and its history",
  builder: (b) => withAt(withMission(b.positional("id", { type: "string", demandOption: true, describe: "feature id" }))),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const rs = await listReplies(ctx, { missionId: await missionOf(ctx, a), featureId: a.id!, ...atOf(a) });
    const latest = rs.at(-1) ?? null;
    if (a.json) return printJson({ latest, history: rs });
    if (!latest) return print(`no replies for feature ${a.id}`);
    print(`${bold(latest.replyId)}  ${latest.featureId}  ${latest.result}${latest.result !== latest.outcome ? ` (asked ${latest.outcome})` : ""}  by ${latest.actor} at ${latest.at}`);
    print(`  ${latest.report.salientSummary}`);
    for (const v of latest.verdicts) print(`  ${v.passed ? "pass" : "FAIL"}  ${v.principleId}: ${v.detail}`);
    if (latest.reason) print(dim(`  reason: ${latest.reason}`));
    if (rs.length > 1) print(`\n${bold("history")}\n${table(rs.map((r) => [r.replyId, r.result, r.actor, r.at]), "  ")}`);
  },
});
