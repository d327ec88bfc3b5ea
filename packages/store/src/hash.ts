// node:crypto is loaded on the first hash, not at startup: a read that hashes nothing (most
// do not) skips its ~6 ms.
import type * as Crypto from "node:crypto";

let crypto: typeof Crypto | undefined;

/** sha256 (hex) of one log line's bytes, without its newline: the next line's `prev`. */
export const lineHash = (line: Buffer | string): string => {
  crypto ??= process.getBuiltinModule("node:crypto");
  return crypto.createHash("sha256").update(line).digest("hex");
};
