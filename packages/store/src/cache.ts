// Snapshot cache (DESIGN.md §4): the folded state at a fold point: how far each segment file
// was read. It is used only while every such file still ends its read part in the line it
// hashed, so an edited, rewritten or removed file simply misses the cache; lines that sort
// before the cached point (a merge) make the fold start over. Disposable: deleting it loses nothing.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { StreamKind } from "@maestro/core/envelope";
import { lineHash } from "./hash.js";
import { readRange } from "./lines.js";
import type { FileMark, FoldPoint } from "./stream.js";

/** bump when the cache file's own format changes (3: a fold point over segments) */
export const CACHE_FORMAT = 3;

export interface CacheEntry<S> extends FoldPoint<S> {
  readonly format: number;
  readonly kind: string;
  readonly stateVersion: number;
  /** per file, the hash of the last line the fold read there */
  readonly hashes: Readonly<Record<string, string>>;
}

export const readCache = <S>(cachePath: string, kind: StreamKind<S, any>, files: readonly { path: string }[], at?: number): CacheEntry<S> | undefined => {
  let entry: CacheEntry<S>;
  try {
    // written as ASCII (below), so latin1 reads it exactly, and much faster than utf8
    entry = JSON.parse(readFileSync(cachePath, "latin1")) as CacheEntry<S>;
  } catch {
    return undefined;
  }
  if (entry.kind !== kind.name || entry.stateVersion !== kind.stateVersion) return undefined;
  if (at !== undefined && entry.seq > at) return undefined;
  if (!isCacheValid(entry, files)) return undefined;
  return entry;
};

/** Whether every file the cache read still holds, where the cache says, the line it hashed. */
export const isCacheValid = (entry: Pick<CacheEntry<unknown>, "format" | "files" | "hashes">, files: readonly { path: string }[]): boolean => {
  if (entry.format !== CACHE_FORMAT || typeof entry.files !== "object") return false;
  const present = new Set(files.map((f) => f.path));
  return Object.entries(entry.files).every(([path, mark]) => present.has(path) && lineEndsAt(path, mark, entry.hashes[path] ?? ""));
};

/** Whether the file's bytes up to `mark.offset` still end in the line hashed `hash`. */
export const lineEndsAt = (path: string, mark: FileMark, hash: string): boolean => {
  try {
    if (statSync(path).size < mark.offset) return false;
    const last = readRange(path, mark.lastLineStart, mark.offset);
    return last.length > 0 && last[last.length - 1] === 10 && lineHash(last.subarray(0, -1)) === hash;
  } catch {
    return false;
  }
};

/** JSON with every non-ASCII character escaped (`\u00e9`): the same value, in one-byte text. */
const asciiJson = (v: unknown): string =>
  JSON.stringify(v).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** The hash of the last line read in each file, or undefined if one cannot be read (moved under us). */
export const hashesOf = (files: Readonly<Record<string, FileMark>>): Record<string, string> | undefined => {
  const hashes: Record<string, string> = {};
  try {
    for (const [path, mark] of Object.entries(files)) hashes[path] = lineHash(readRange(path, mark.lastLineStart, mark.offset - 1));
  } catch {
    return undefined;
  }
  return hashes;
};

export const writeCache = <S>(cachePath: string, kind: StreamKind<S, any>, f: FoldPoint<S>): void => {
  const hashes = hashesOf(f.files);
  if (!hashes) return;
  const { state, seq, clock, last, segments, covered, files } = f;
  writeDerived(cachePath, { format: CACHE_FORMAT, kind: kind.name, stateVersion: kind.stateVersion, seq, clock, last, segments, covered, files, hashes, state });
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
