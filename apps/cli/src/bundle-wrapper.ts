// How loader.ts wraps the bundle to run it as a CommonJS module: its first line starts with this
// head, so a position on line 1 of the bundle is off by its length (output.ts maps stacks back).
export const WRAPPER_HEAD = "(function (exports, require, module, __filename, __dirname) {";
