// The states of a mission's state machines as plain lists: state.ts builds their Schemas from
// these, and the CLI offers them as choices without loading Schema.
export const MISSION_STATUSES = ["draft", "approved", "rejected", "executing", "paused", "validating", "completed", "failed"] as const;
export const MILESTONE_STATUSES = ["pending", "executing", "validating", "sealed", "failed"] as const;
export const FEATURE_STATUSES = ["pending", "assigned", "in-progress", "review", "done", "blocked"] as const;
export const ASSERTION_STATUSES = ["pending", "passed", "failed", "blocked", "waived"] as const;
/** what a milestone is for: principles apply by it, and reviews brief by it (the original's list) */
export const MILESTONE_PROFILES = ["planning", "plan-review", "implementation", "code-review", "bug-hunt", "simplify", "validation", "custom"] as const;
/** what an agent's reply says became of its work */
export const REPLY_OUTCOMES = ["completed", "kicked-back", "abandoned"] as const;
/** what `validate update --result` may set */
export const ASSERTION_RESULTS = ["passed", "failed", "blocked", "waived"] as const;

// Which status may follow which: decide refuses any other, and evolve uses them to tell a
// transition a merge made stale from one that still applies.
export const MISSION_TRANSITIONS: Readonly<Record<(typeof MISSION_STATUSES)[number], readonly (typeof MISSION_STATUSES)[number][]>> = {
  draft: ["approved", "rejected"],
  approved: ["executing"],
  rejected: [],
  executing: ["validating", "paused", "failed"],
  paused: ["executing", "failed"],
  validating: ["completed", "failed"],
  completed: [],
  failed: [],
};

export const MILESTONE_TRANSITIONS: Readonly<Record<(typeof MILESTONE_STATUSES)[number], readonly (typeof MILESTONE_STATUSES)[number][]>> = {
  pending: ["executing"],
  executing: ["validating", "sealed"],
  validating: ["executing", "sealed", "failed"],
  sealed: [],
  failed: [],
};

/** An assertion is re-validated as often as needed: any result may follow any status (evolve keeps the last in fold order and lists the one it overwrote). */
export const ASSERTION_TRANSITIONS: Readonly<Record<(typeof ASSERTION_STATUSES)[number], readonly (typeof ASSERTION_STATUSES)[number][]>> = {
  pending: [...ASSERTION_RESULTS],
  passed: [...ASSERTION_RESULTS],
  failed: [...ASSERTION_RESULTS],
  blocked: [...ASSERTION_RESULTS],
  waived: [...ASSERTION_RESULTS],
};

export const FEATURE_TRANSITIONS: Readonly<Record<(typeof FEATURE_STATUSES)[number], readonly (typeof FEATURE_STATUSES)[number][]>> = {
  pending: ["assigned", "in-progress"],
  assigned: ["in-progress", "blocked", "pending"],
  "in-progress": ["review", "blocked"],
  review: ["done", "blocked", "pending"],
  blocked: ["pending", "in-progress"],
  done: [],
};

