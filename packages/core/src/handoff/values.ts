// The agents a handoff runs and the states it passes through, as plain lists: events.ts builds
// their Schemas from these, and the CLI checks flags against them without loading Schema.
export const AGENT_NAMES = ["codex", "claude", "gemini"] as const;
export const HANDOFF_STATUSES = ["launching", "launched", "completed", "failed", "cancelled"] as const;
type Status = (typeof HANDOFF_STATUSES)[number];
/** A run's life as a state machine (machine.ts): launched once, ended once. */
export const HANDOFF_TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  launching: ["launched", "failed"],
  launched: ["completed", "failed", "cancelled"],
  completed: [],
  failed: [],
  cancelled: [],
};
