// A principle's modes and gate checks as plain data: events.ts builds the Schemas from these,
// and the CLI checks flags against them without loading Schema.
export const PRINCIPLE_MODES = ["advisory", "gate"] as const;
export const GATE_CHECK_PATTERN = /^(array_min_length:\d+|object_non_empty|array_all_passed)$/;

/** A principle's life as a state machine (machine.ts): an update is of a live principle, a remove ends it, an add (re)starts it. */
export const PRINCIPLE_LIVES = ["absent", "live", "removed"] as const;
export type PrincipleLife = (typeof PRINCIPLE_LIVES)[number];
export const PRINCIPLE_TRANSITIONS: Readonly<Record<PrincipleLife, readonly PrincipleLife[]>> = { absent: ["live"], live: ["live", "removed"], removed: ["live"] };
