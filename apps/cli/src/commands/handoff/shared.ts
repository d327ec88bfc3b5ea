// What the handoff commands share.
import type { HandoffRecord } from "@maestro/core/handoff/events";
import { bold, statusColor, table } from "../../output.js";

export const WAIT_EXIT = { failed: 6, timedOut: 7, cancelled: 8 } as const;

export const waitExitCode = (rec: HandoffRecord): number =>
  rec.status === "cancelled" ? WAIT_EXIT.cancelled : rec.timedOut ? WAIT_EXIT.timedOut : rec.status === "completed" && rec.exitCode === 0 ? 0 : WAIT_EXIT.failed;

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
        ["picked up", r.consumedAt ? `${r.consumedAt} by ${r.pickedUpByAgent}` : "no"],
      ],
      "  ",
    ),
  ].join("\n");
