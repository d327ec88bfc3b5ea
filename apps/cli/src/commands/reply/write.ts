// maestro reply write: record a reply for a feature: completed moves it to review unless a gate or an assertion fails.
import { defineCommand } from "../../command.js";
import { writeReply } from "@maestro/engine/knowledge";
import { own } from "@maestro/core/envelope";
import { readFileSync } from "node:fs";
import { InvalidInput } from "@maestro/core/errors";
import { REPLY_OUTCOMES } from "@maestro/core/mission/statuses";
import { readInputFile } from "@maestro/engine/input";
import { ctxOf, missionOf, oneOf, withMission } from "../../args.js";
import { Exit, dim, isStatus, print, printJson } from "../../output.js";

/** `reply write`'s exit code when a completed reply was recorded but kicked back by a gate or an assertion. */
const KICKED_BACK = 5;

export const write = defineCommand({
  command: "write <id>",
  describe: "record a reply for a feature: completed moves it to review unless a gate or an assertion fails",
  builder: (b) =>
    withMission(b.positional("id", { type: "string", demandOption: true, describe: "feature id" }))
      .option("outcome", { type: "string", demandOption: true, describe: REPLY_OUTCOMES.join(" | ") })
      .option("file", { alias: "f", type: "string", describe: "the report, a JSON file (its format: maestro reply schema)" })
      .option("report-stdin", { type: "boolean", describe: "read the report from stdin" })
      .option("notes", { type: "string", describe: "a note; for --outcome abandoned, the reason (then no report is needed)" }),
  handler: async (a) => {
    const outcome = oneOf("outcome", a.outcome, REPLY_OUTCOMES);
    if (a.file && a.reportStdin) throw new InvalidInput({ condition: "UsageError", message: "pass the report with one of --file report.json or --report-stdin, not both" });
    const ctx = ctxOf(a);
    const text = a.file ? readInputFile(ctx.cwd, a.file) : a.reportStdin ? readFileSync(0, "utf8") : undefined;
    const r = await writeReply(ctx, {
      missionId: await missionOf(ctx, a),
      featureId: a.id!,
      outcome,
      ...(text !== undefined ? { reportText: text } : {}),
      source: a.file ?? "stdin",
      ...(a.notes ? { notes: a.notes } : {}),
    });
    const rec = r.events[0]!.data as unknown as { result: string; reason: string | null; verdicts: { principleId: string; passed: boolean; detail: string }[] };
    const f = own(r.domain.features, a.id!)!;
    if (a.json) printJson({ events: r.events, feature: f });
    else {
      print(`reply recorded: ${rec.result}${rec.result !== outcome ? ` (asked ${outcome})` : ""}; feature ${f.id} ${isStatus(f.status)}`);
      for (const v of rec.verdicts) print(`  ${v.passed ? "pass" : "FAIL"}  ${v.principleId}: ${v.detail}`);
      if (rec.reason) print(dim(`  reason: ${rec.reason}`));
    }
    // (recorded, but not accepted: an agent's script tells this from success by the exit code)
    if (rec.result === "kicked-back" && outcome !== "kicked-back") throw new Exit(KICKED_BACK);
  },
});
