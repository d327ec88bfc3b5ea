// Human renderings of mission state; JSON output uses the state objects as they are.
import { assertionsOf, featuresOf, milestonesOf, progressOf, type Assertion, type Feature, type MissionDomain, type Recorded, type NewEvent } from "@maestro/core";
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

/** `type  key=value ...` for an event, short enough for one line. */
export const eventSummary = (e: Pick<Recorded<NewEvent>, "type" | "data">): string => {
  const d = e.data as Record<string, unknown>;
  switch (e.type) {
    case "MissionCreated":
      return `"${String(d["title"])}" (${(d["milestones"] as unknown[]).length} milestones, ${(d["features"] as unknown[]).length} features)`;
    case "MilestoneSealed":
      return `${String(d["milestoneId"])} ${String(d["from"])} -> sealed`;
    case "CheckpointSaved":
      return `${String(d["checkpointId"])} "${String(d["label"])}" at seq ${String(d["seq"])}`;
    case "CheckpointRestored":
      return `${String(d["checkpointId"])}: back to the state of seq ${String(d["toSeq"])}`;
    case "TaskCreated":
      return `${String(d["taskId"])} ${String(d["slug"])} "${String(d["title"])}" ${String(d["priority"])} ${String(d["type"])}`;
    case "TasksPlanned":
      return `${(d["tasks"] as { slug: string }[]).map((t) => t.slug).join(", ")}`;
  }
  if ("from" in d && "to" in d) {
    const subject = d["featureId"] ?? d["milestoneId"] ?? d["assertionId"] ?? "";
    return `${subject ? `${String(subject)} ` : ""}${String(d["from"])} -> ${String(d["to"])}${d["evidence"] ? ` (${String(d["evidence"])})` : ""}${d["reason"] ? ` (${String(d["reason"])})` : ""}`;
  }
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== "" && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`)
    .join(" ");
};

export const eventsText = (events: readonly Recorded<NewEvent>[]) => events.map((e) => `  ${e.type}: ${eventSummary(e)}`).join("\n");
