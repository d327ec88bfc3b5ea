// One line of text for an event, shared by every place that lists events.
import type { NewEvent } from "./envelope.js";

/** `type  key=value ...` for an event, short enough for one line. */
export const eventSummary = (e: Pick<NewEvent, "type" | "data">): string => {
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

