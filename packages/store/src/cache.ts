// Snapshot cache (DESIGN.md §4): the folded state at a byte offset of a log. It is used only
// while the log's bytes up to that offset still end in the line it hashed, so an edited or
// rewritten log simply misses the cache. Optional and disposable: deleting it loses nothing.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { StreamKind } from "@maestro/core/envelope";
import { lineHash } from "./hash.js";
import { readRange } from "./lines.js";

/** bump when the cache file's own format changes (2: ASCII-only JSON, read as latin1) */
export const CACHE_FORMAT = 2;

export interface CacheEntry<S> {
  readonly format: number;
  readonly kind: string;
  readonly stateVersion: number;
  readonly seq: number;
  readonly byteOffset: number;
  readonly lastLineStart: number;
  readonly hash: string;
  readonly state: S;
}

export const readCache = <S>(cachePath: string, logPath: string, kind: StreamKind<S, any>, at?: number): CacheEntry<S> | undefined => {
  let entry: CacheEntry<S>;
  try {
    // written as ASCII (below), so latin1 reads it exactly, and much faster than utf8
    entry = JSON.parse(readFileSync(cachePath, "latin1")) as CacheEntry<S>;
  } catch {
    return undefined;
  }
  if (entry.kind !== kind.name || entry.stateVersion !== kind.stateVersion) return undefined;
  if (at !== undefined && entry.seq > at) return undefined;
  if (!isCacheValid(entry, logPath)) return undefined;
  return entry;
};

export const isCacheValid = (entry: Pick<CacheEntry<unknown>, "format" | "byteOffset" | "lastLineStart" | "hash">, logPath: string): boolean => {
  try {
    if (entry.format !== CACHE_FORMAT || statSync(logPath).size < entry.byteOffset) return false;
    const last = readRange(logPath, entry.lastLineStart, entry.byteOffset);
    return last.length > 0 && last[last.length - 1] === 10 && lineHash(last.subarray(0, -1)) === entry.hash;
  } catch {
    return false;
  }
};

/** JSON with every non-ASCII character escaped (`\u00e9`): the same value, in one-byte text. */
const asciiJson = (v: unknown): string =>
  JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

export const writeCache = <S>(
  cachePath: string,
  kind: StreamKind<S, any>,
  f: { state: S; seq: number; endOffset: number; lastLineStart: number; lastHash: string },
): void => {
  const entry = { format: CACHE_FORMAT, kind: kind.name, stateVersion: kind.stateVersion, seq: f.seq, byteOffset: f.endOffset, lastLineStart: f.lastLineStart, hash: f.lastHash, state: f.state };
  writeDerived(cachePath, entry);
};

/** Replaces a derived file (cache, view) whole, as ASCII JSON; one that cannot be written only costs speed. */
export const writeDerived = (path: string, entry: unknown): void => {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, asciiJson(entry));
    renameSync(tmp, path);
  } catch {
    // derived and disposable: the next read folds instead
  }
};
