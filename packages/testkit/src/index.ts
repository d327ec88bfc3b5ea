// Test helpers shared by every package's tests (never shipped): history-style decider specs,
// and a harness that runs the built CLI in a temp git repo with a temp MAESTRO_HOME.
export * from "./decider.js";
export * from "./cli.js";
export * from "./clones.js";
