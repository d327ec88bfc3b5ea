// Human renderings of mission state; JSON output uses the state objects as they are.
import type { Recorded, NewEvent } from "@maestro/core/envelope";
import { assertionsOf, featuresOf, milestonesOf, progressOf } from "@maestro/core/mission/queries";
import type { Assertion, Feature, MissionDomain } from "@maestro/core/mission/state";
import { eventSummary } from "@maestro/core/summary";
import { bold, dim, statusColor, table } from "./output.js";

export const progressLine = (d: MissionDomain) => {
  const p = progressOf(d);
  return `features ${p.features.done}/${p.features.total} done · assertions ${p.assertions.passed}/${p.assertions.total} passed · milestones ${p.milestones.sealed}/${p.milestones.total} sealed`;
};

export const featureRows = (fs: readonly Feature[]) => [
  ["ID", "MILESTONE", "STATUS", "AGENT", "DEPENDS ON", "TITLE"].map(dim),
  ...fs.map((f) => [f.id, f.milestoneId, statusColor(f.status), f.agentType, f.dependsOn.join(",") || "-", f.title]),
];

export const assertionRows = (as: readonly Assertion[]) => [
  ["ID", "FEATURE", "STATUS", "EVIDENCE"].map(dim),
  ...as.map((a) => [a.id, a.featureId, statusColor(a.status), a.evidence ?? "-"]),
];

export const missionText = (d: MissionDomain, seq: number): string => {
  const m = d.mission;
  const lines = [
    `${bold(m.id)}  ${m.title}  [${statusColor(m.status)}]  ${dim(`seq ${seq}`)}`,
    ...(m.description ? [`  ${m.description}`] : []),
    ...(m.proposal ? [`  proposal: ${m.proposal}`] : []),
    `  ${progressLine(d)}`,
    "",
    bold("milestones"),
    table([["ID", "KIND", "PROFILE", "STATUS", "TITLE"].map(dim), ...milestonesOf(d).map((x) => [x.id, x.kind, x.profile, statusColor(x.status), x.title])], "  "),
    "",
    bold("features"),
    table(featureRows(featuresOf(d)), "  "),
  ];
  const as = assertionsOf(d);
  if (as.length) lines.push("", bold("assertions"), table(assertionRows(as), "  "));
  return lines.join("\n");
};

export const eventsText = (events: readonly Recorded<NewEvent>[]) => events.map((e) => `  ${e.type}: ${eventSummary(e)}`).join("\n");

/** What a mission's runs spent, against its budget where one is set. */
export const spendText = (s: { readonly spent: { readonly costUsd: number; readonly tokens: number; readonly runs: number; readonly unpriced: number }; readonly budget: { readonly text: string; readonly over: boolean } | null }) =>
  s.budget
    ? `spent ${s.budget.text} (budget.mission)${s.budget.over ? ": over budget" : ""}`
    : `spent $${s.spent.costUsd}${s.spent.unpriced ? ` (+${s.spent.unpriced} unpriced)` : ""}, ${s.spent.tokens} tokens over ${s.spent.runs} run(s)`;
