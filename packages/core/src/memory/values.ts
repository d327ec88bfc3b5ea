// A correction's severities as plain data: events.ts builds the Schema from them, and the CLI
// checks flags against them without loading Schema.
/** how strongly a correction applies: soft is advice, hard is a rule */
export const SEVERITIES = ["soft", "hard"] as const;
