import { defineCommand } from "../command.js";
import { own } from "@maestro/core/envelope";
import type { Argv } from "yargs";
import { readFileSync } from "node:fs";
import { InvalidInput } from "@maestro/core/errors";
import { REPLY_OUTCOMES } from "@maestro/core/mission/statuses";
import { listReplies } from "@maestro/engine/knowledge";
import { readInputFile } from "@maestro/engine/input";
import { atOf, ctxOf, oneOf, withAt, withMission } from "../args.js";
import { missionOf } from "../mission-arg.js";
import { bold, dim, print, printJson, statusColor, table } from "../output.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/knowledge-commands");

export const register = (y: Argv) =>
  y.command("reply", "an agent's outcome for a feature, gated by principles", (m) => {
    m.example("maestro reply write auth-impl --mission <id> --outcome completed --file report.json", "");
    m.example("maestro reply show auth-impl --mission <id>", "");
    m.example("maestro reply schema", "the report's JSON Schema");
    m.command(
      defineCommand({
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
          const text = a.file ? readInputFile(a.file) : a.reportStdin ? readFileSync(0, "utf8") : undefined;
          const ctx = ctxOf(a);
          const r = await (await commands()).writeReply(ctx, {
            missionId: await missionOf(ctx, a),
            featureId: a.id!,
            outcome,
            ...(text !== undefined ? { reportText: text } : {}),
            source: a.file ?? "stdin",
            ...(a.notes ? { notes: a.notes } : {}),
          });
          const rec = r.events[0]!.data as unknown as { result: string; reason: string | null; verdicts: { principleId: string; passed: boolean; detail: string }[] };
          const f = own(r.domain.features, a.id!)!;
          if (a.json) return printJson({ events: r.events, feature: f });
          print(`reply recorded: ${rec.result}${rec.result !== outcome ? ` (asked ${outcome})` : ""}; feature ${f.id} is ${statusColor(f.status)}`);
          for (const v of rec.verdicts) print(`  ${v.passed ? "pass" : "FAIL"}  ${v.principleId}: ${v.detail}`);
          if (rec.reason) print(dim(`  reason: ${rec.reason}`));
        },
      }),
    );
    m.command(
      "schema",
      "print the JSON Schema of a reply report (generated from the Schema that decodes replies)",
      (b) => b,
      async () => {
        const { replyReportJsonSchema } = await import("@maestro/core/mission/reply");
        printJson(replyReportJsonSchema());
      },
    );
    m.command(
      defineCommand({
        command: "list",
        describe: "replies, oldest first",
        builder: (b) => withAt(b.option("mission", { alias: "m", type: "string" }).option("feature", { type: "string" })),
        handler: async (a) => {
          const rs = await listReplies(ctxOf(a), { ...(a.mission ? { missionId: a.mission } : {}), ...(a.feature ? { featureId: a.feature } : {}), ...atOf(a) });
          if (a.json) return printJson(rs);
          if (!rs.length) return print("no replies");
          print(table([["MISSION", "FEATURE", "RESULT", "ASKED", "BY", "AT", "SUMMARY"].map(dim), ...rs.map((r) => [r.missionId, r.featureId, r.result, r.outcome, r.actor, r.at, r.report.salientSummary.slice(0, 50)])]));
        },
      }),
    );
    m.command(
      defineCommand({
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
      }),
    );
    return m.demandCommand(1, "name a reply command; see `maestro reply --help`");
  });
