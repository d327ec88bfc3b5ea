// What a brief says about the reply it asks for, so an agent that follows it is accepted: the
// exact commands, a filled report typed by the Schema that decodes replies (its required fields
// named), and what each gate of the milestone's profile reads.
import { REPORT_EXAMPLE, replyReportJsonSchema } from "@maestro/core/mission/reply";
import type { Principle } from "@maestro/core/principles/events";

/** A gate check in words. */
const checkInWords = (check: string): string => {
  const min = /^array_min_length:(\d+)$/.exec(check);
  if (min) return `a list of at least ${min[1]}`;
  if (check === "object_non_empty") return "an object with at least one key";
  if (check === "array_all_passed") return 'a list whose every entry has "passed": true';
  return check;
};

export const replyInstructions = (o: { readonly featureId: string; readonly missionId: string; readonly gates: readonly Principle[] }): string[] => {
  const required = replyReportJsonSchema().required ?? [];
  const cmd = `maestro reply write ${o.featureId} --mission ${o.missionId}`;
  return [
    "How to report (the reply this brief asks for):",
    `1. Write \`report.json\` in this shape. Required: ${required.map((f) => `\`${f}\``).join(", ")}; any other field may be left out, but the gates below read theirs. \`maestro reply schema\` prints the full JSON Schema.`,
    "```json",
    JSON.stringify(REPORT_EXAMPLE, null, 2),
    "```",
    o.gates.length ? "2. The gates that judge a completed reply (one that fails sends the feature back to pending, with the reason):" : "2. No gate principle applies to this milestone's profile.",
    ...o.gates.map((p) => `   - \`${p.id}\` needs \`${p.gate!.field}\` to be ${checkInWords(p.gate!.check)}: ${p.rule}`),
    `3. When the work is done and verified: \`${cmd} --outcome completed --file report.json\` (or \`--report-stdin\`).`,
    `   If you cannot finish it: \`${cmd} --outcome abandoned --notes "why"\` (no report needed).`,
  ];
};
