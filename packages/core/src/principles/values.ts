// A principle's modes and gate checks as plain data: events.ts builds the Schemas from these,
// and the CLI checks flags against them without loading Schema.
export const PRINCIPLE_MODES = ["advisory", "gate"] as const;
export const GATE_CHECK_PATTERN = /^(array_min_length:\d+|object_non_empty|array_all_passed)$/;
