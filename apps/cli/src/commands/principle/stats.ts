// maestro principle stats: per principle: times gated, passed, failed, ratings, effectiveness.
import { defineCommand } from "../../command.js";
import { principleStats } from "@maestro/engine/knowledge";
import { atOf, ctxOf, withTimeAt } from "../../args.js";
import { dim, print, printJson, table } from "../../output.js";

export const stats = defineCommand({
  command: "stats",
  describe: "per principle: times gated, passed, failed, ratings, effectiveness",
  builder: (b) => withTimeAt(b),
  handler: async (a) => {
    const stats = (await principleStats(ctxOf(a), atOf(a).at));
    if (a.json) return printJson(stats);
    print(table([["ID", "MODE", "GATED", "PASSED", "FAILED", "HELPFUL", "UNHELPFUL", "EFFECTIVENESS"].map(dim), ...stats.map((s) => [s.id, s.mode, String(s.gated), String(s.passed), String(s.failed), String(s.helpful), String(s.unhelpful), s.effectiveness === null ? "-" : String(s.effectiveness)])]));
  },
});
