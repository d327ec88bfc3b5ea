export * from "./context.js";
export * from "./workspace.js";
export * from "./missions.js";
export * from "./log.js";
export * from "./tasks.js";
export * from "./handoff.js";
export * from "./knowledge.js";
export * from "./bundles.js";
