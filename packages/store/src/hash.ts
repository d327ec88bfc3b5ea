import { createHash } from "node:crypto";

/** sha256 (hex) of one log line's bytes, without its newline: the next line's `prev`. */
export const lineHash = (line: Buffer | string): string => createHash("sha256").update(line).digest("hex");
