// A correction's severities as plain data: events.ts builds the Schema from them, and the CLI
// checks flags against them without loading Schema.
/** how strongly a correction applies: soft is advice, hard is a rule */
export const SEVERITIES = ["soft", "hard"] as const;

/** A memory entry's life as a state machine (machine.ts): added once (ids are minted), forgotten once. */
export const MEMORY_ENTRY_STATES = ["live", "forgotten"] as const;
export type MemoryEntryState = (typeof MEMORY_ENTRY_STATES)[number];
export const MEMORY_TRANSITIONS: Readonly<Record<MemoryEntryState, readonly MemoryEntryState[]>> = { live: ["forgotten"], forgotten: [] };
