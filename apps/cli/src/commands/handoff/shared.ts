// What the handoff commands share.
import type { HandoffRecord } from "@maestro/core/handoff/events";
import { budgetText } from "@maestro/core/spend";
import { bold, statusColor, table } from "../../output.js";

export const WAIT_EXIT = { failed: 6, timedOut: 7, cancelled: 8 } as const;

export const waitExitCode = (rec: HandoffRecord): number =>
  rec.status === "cancelled" ? WAIT_EXIT.cancelled : rec.timedOut ? WAIT_EXIT.timedOut : rec.status === "completed" && rec.exitCode === 0 ? 0 : WAIT_EXIT.failed;

const short = (sha: string | null) => (sha ? sha.slice(0, 10) : "none");
const lines = (n: number | null) => (n === null ? "binary" : String(n));

/** A run's usage in words: tokens, model, and its cost (reported, estimated, or unknown). */
export const usageText = (u: HandoffRecord["usage"]) =>
  u
    ? `${u.inputTokens} in (${u.cachedTokens} cached), ${u.outputTokens} out${u.model ? `, ${u.model}` : ""}; ${u.costUsd === null ? `cost unknown (no prices.${u.model ?? "<model>"})` : `$${u.costUsd}${u.estimated ? " (estimated)" : ""}`}`
    : "not reported";

/** What a run did in git, as rows: where it started and ended, its commits and files. */
export const gitRows = (g: HandoffRecord["git"]): string[][] => {
  if (!g) return [];
  if (g.unavailable) return [["git", `not available: ${g.unavailable}`]];
  const added = g.files.reduce((n, f) => n + (f.added ?? 0), 0);
  const removed = g.files.reduce((n, f) => n + (f.removed ?? 0), 0);
  return [
    ["git", `${short(g.before?.head ?? null)}${g.before?.branch ? ` (${g.before.branch})` : ""} -> ${g.after ? short(g.after.head) : "running"}${g.baseReachable ? "" : "; the start is no longer under HEAD (rebased or reset)"}`],
    ...g.commits.slice(0, 5).map((c, i) => [i ? "" : "commits", `${short(c.sha)} ${c.subject} (${c.author})`]),
    ...(g.commits.length > 5 ? [["", `... ${g.commits.length - 5} more`]] : []),
    ...(g.files.length ? [["files", `${g.files.length} changed, +${added} -${removed}`]] : []),
    ...g.files.slice(0, 10).map((f) => ["", `${f.path} +${lines(f.added)} -${lines(f.removed)}${f.uncommitted ? " (uncommitted)" : ""}`]),
    ...(g.files.length > 10 ? [["", `... ${g.files.length - 10} more`]] : []),
  ];
};

export const recordText = (r: HandoffRecord) =>
  [
    `${bold(r.id)}  ${r.agent}${r.model ? `/${r.model}` : ""}  [${statusColor(r.status)}]${r.name ? `  ${r.name}` : ""}`,
    table(
      [
        ["task", r.task.length > 100 ? `${r.task.slice(0, 100)}…` : r.task],
        ["target", r.targetDir],
        ["prompt", r.promptPath],
        ["output", r.outputPath],
        ["command", r.argv.join(" ")],
        ["refs", [r.refs.missionId && `mission ${r.refs.missionId}`, r.refs.featureId && `feature ${r.refs.featureId}`, r.refs.taskId && `task ${r.refs.taskId}`].filter(Boolean).join(", ") || "-"],
        ...(r.worktree ? [["worktree", `${r.worktree.path} (branch ${r.worktree.branch} from ${r.worktree.base})`]] : []),
        ["created", `${r.createdAt} by ${r.createdByAgent}`],
        ["pid", r.pid === null ? "-" : String(r.pid)],
        ["exit", r.exitCode !== null ? String(r.exitCode) : r.signal ? r.signal : "-"],
        ...(r.timedOut ? [["timed out", "yes"]] : []),
        ...(r.error ? [["error", r.error]] : []),
        ...gitRows(r.git),
        ...(r.status !== "launching" ? [["usage", usageText(r.usage)]] : []),
        ...(r.budget ? [["budget", `${budgetText(r.budget)}${r.overBudget ? `; stopped over budget: ${r.overBudget}` : ""}`]] : []),
        ["picked up", r.consumedAt ? `${r.consumedAt} by ${r.pickedUpByAgent}` : "no"],
      ],
      "  ",
    ),
  ].join("\n");
