export * from "./manifest.js";
export * from "./write.js";
export * from "./read.js";
