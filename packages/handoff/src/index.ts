export * from "./brief.js";
export * from "./adapters.js";
export * from "./launcher.js";
export * from "./git.js";
