// The values a task's type, priority and status take, as plain lists: state.ts builds their
// Schemas from these, and the CLI offers them as choices without loading Schema.
export const TASK_TYPES = ["task", "bug", "feature", "epic", "chore"] as const;
export const PRIORITIES = ["P0", "P1", "P2", "P3", "P4"] as const;
export const TASK_STATUSES = ["pending", "in_progress", "completed", "cancelled"] as const;
/** the statuses a task leaves the queue with; a closed blocker blocks nothing */
export const CLOSED_STATUSES: readonly string[] = ["completed", "cancelled"];

/**
 * Which status may follow which (see machine.ts): a claim starts work (and a takeover is
 * in_progress -> in_progress), an unclaim or release gives it back, completion and
 * cancellation close it, a reopen brings a closed task back.
 */
export const TASK_TRANSITIONS: Readonly<Record<(typeof TASK_STATUSES)[number], readonly (typeof TASK_STATUSES)[number][]>> = {
  pending: ["in_progress", "cancelled"],
  in_progress: ["in_progress", "pending", "completed", "cancelled"],
  completed: ["pending"],
  cancelled: ["pending"],
};
