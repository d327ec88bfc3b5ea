// Rewriting segments into one compacted file, and the line-level access that needs: every
// segment's original lines, from whichever files hold them. A compacted file is named by the
// sha256 of its bytes, so two clones compacting the same segments write the same file, and
// different compactions are different files that readers fold once each line (by segment and seq).
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { NewEvent } from "@maestro/core/envelope";
import { lineHash } from "./hash.js";
import { BadLine, OrderedLines } from "./ordered.js";
import { corruptLine } from "./stream.js";
import { COMPACTED_PREFIX, compactedLine, SEGMENT_EXT, sourceFiles, type SourceFile, type StreamRef } from "./segments.js";

export interface SegmentLine {
  readonly segment: string;
  readonly seq: number;
  readonly clock: number;
  /** the original line, without its newline */
  readonly text: string;
}

/** Every segment's lines by seq, from the given files (default: all of the stream's), through the ordered reader: a line two files hold is kept once. */
export const segmentLines = (ref: { dir: string; legacy?: string; label?: string }, files: readonly SourceFile[] = sourceFiles(ref)): Map<string, SegmentLine[]> => {
  const out = new Map<string, SegmentLine[]>();
  const lines = new OrderedLines(files);
  try {
    for (let l = lines.next(); l; l = lines.next()) {
      const list = out.get(l.segment) ?? [];
      out.set(l.segment, list);
      list.push({ segment: l.segment, seq: l.env.seq, clock: l.clock, text: l.text });
    }
  } catch (e) {
    throw e instanceof BadLine ? corruptLine(ref.label ?? ref.dir, e) : e;
  } finally {
    lines.close();
  }
  return out;
};

/** Writes lines into a new compacted file in `dir` (in fold order, after a header); returns its path. */
export const writeCompacted = (dir: string, lines: readonly SegmentLine[]): string => {
  const sorted = [...lines].sort((a, b) => a.clock - b.clock || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0) || a.seq - b.seq);
  const last: Record<string, number> = {};
  for (const l of sorted) last[l.segment] = Math.max(last[l.segment] ?? 0, l.seq);
  const header = JSON.stringify({ compacted: Object.fromEntries(Object.entries(last).sort(([a], [b]) => (a < b ? -1 : 1))) });
  const bytes = Buffer.from([header, ...sorted.map((l) => compactedLine(l.segment, l.text))].join("\n") + "\n", "utf8");
  const path = join(dir, `${COMPACTED_PREFIX}${lineHash(bytes).slice(0, 32)}${SEGMENT_EXT}`);
  replaceDurably(path, bytes);
  return path;
};

/** Writes a whole file through a temp file, fsync'd, then renamed over `path`: it is there whole or not at all. */
export const replaceDurably = (path: string, text: Buffer | string): void => {
  const bytes = typeof text === "string" ? Buffer.from(text, "utf8") : text;
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
};

export interface Compacted {
  readonly path: string;
  readonly removed: readonly string[];
  readonly lines: number;
}

/**
 * Rewrites the given files of a stream (its committed ones) into one compacted file and
 * removes them. Call under the stream's lock, on a stream that verifies.
 */
export const compactFiles = <S, E extends NewEvent>(ref: StreamRef<S, E>, files: readonly SourceFile[]): Compacted | undefined => {
  if (files.length < 2) return undefined;
  const lines = [...segmentLines(ref, files).values()].flatMap((l) => l.filter(Boolean));
  const path = writeCompacted(ref.dir, lines);
  const removed = files.map((f) => f.path).filter((p) => p !== path);
  for (const p of removed) rmSync(p, { force: true });
  return { path, removed, lines: lines.length };
};
