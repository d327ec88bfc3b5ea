// The states of a mission's state machines as plain lists: state.ts builds their Schemas from
// these, and the CLI offers them as choices without loading Schema.
export const MISSION_STATUSES = ["draft", "approved", "rejected", "executing", "paused", "validating", "completed", "failed"] as const;
export const MILESTONE_STATUSES = ["pending", "executing", "validating", "sealed", "failed"] as const;
export const FEATURE_STATUSES = ["pending", "assigned", "in-progress", "review", "done", "blocked"] as const;
export const ASSERTION_STATUSES = ["pending", "passed", "failed", "blocked", "waived"] as const;
/** what an agent's reply says became of its work */
export const REPLY_OUTCOMES = ["completed", "kicked-back", "abandoned"] as const;
/** what `validate update --result` may set */
export const ASSERTION_RESULTS = ["passed", "failed", "blocked", "waived"] as const;
