export * from "./workspace.js";
export * from "./hash.js";
export * from "./lines.js";
export * from "./stream.js";
export * from "./cache.js";
export * from "./lock.js";
export * from "./append.js";
export * from "./verify.js";
