// Views: a small answer derived from a stream's state (the top of the ready queue), saved with
// the log position it was computed at. A view is used only while the log still ends exactly
// there (same length, same last line), so a read can answer without loading the state; the
// writer that moves the log saves it again. Like the snapshot cache, it is disposable.
import { readFileSync, statSync } from "node:fs";
import { CACHE_FORMAT, isCacheValid, writeDerived } from "./cache.js";

/** Where a log ends, as a fold or an append left it. */
export interface LogPosition {
  readonly seq: number;
  readonly endOffset: number;
  readonly lastLineStart: number;
  readonly lastHash: string;
}

export const positionOf = (f: LogPosition): LogPosition => ({ seq: f.seq, endOffset: f.endOffset, lastLineStart: f.lastLineStart, lastHash: f.lastHash });

/** The view saved at `path` if the log at `logPath` still ends where it was computed; `key` names what it holds. */
export const readView = <V>(path: string, logPath: string, key: string): V | undefined => {
  try {
    const entry = JSON.parse(readFileSync(path, "latin1")) as { key: string; byteOffset: number; value: V } & Parameters<typeof isCacheValid>[0];
    if (entry.key !== key || statSync(logPath).size !== entry.byteOffset || !isCacheValid(entry, logPath)) return undefined;
    return entry.value;
  } catch {
    return undefined;
  }
};

export const writeView = (path: string, key: string, at: LogPosition, value: unknown): void => {
  if (at.seq === 0) return;
  writeDerived(path, { format: CACHE_FORMAT, key, seq: at.seq, byteOffset: at.endOffset, lastLineStart: at.lastLineStart, hash: at.lastHash, value });
};
