// Mending a segment file someone merged by hand (an old single-file log, resolved with git's
// conflict markers left in, or "keep both"): the markers go, the lines of both sides stay. The
// chain other segments built on (the one they recorded having seen; else the file's first)
// keeps its place, so every clone still verifies; the other side's (a fork of the same chain)
// move to a segment of their own, re-chained there, with their ids, clocks, times,
// actors and data as they were, its first line recording the line it forked from. The file as
// it was is kept in `<file>.quarantine`. Nothing is lost, and the fold orders both sides by
// their clocks like any two writers'.
import { appendFileSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { replaceDurably } from "./compact.js";
import { lineHash } from "./hash.js";
import { scanLines } from "./lines.js";
import { isConflictMarker, SEGMENT_EXT, sourceFiles, unwrapCompacted } from "./segments.js";

interface Line {
  readonly text: string;
  readonly hash: string;
  readonly env: Record<string, unknown> & { seq: number; prev: string; clock?: number };
}

export interface MergedFile {
  readonly markers: number;
  /** lines that continue the file's chain, and lines of the other side(s) */
  readonly kept: number;
  readonly forks: readonly (readonly Line[])[];
  /** line numbers (1-based, in the file) of lines that fit no chain */
  readonly unplaced: readonly number[];
  readonly main: readonly Line[];
}

/** How a hand-merged file splits into its own chain and the other sides' forks. */
export const analyzeMergedFile = (path: string): MergedFile => {
  const texts = readFileSync(path, "utf8").split("\n");
  if (texts.at(-1) === "") texts.pop();
  const main: Line[] = [];
  const forks: Line[][] = [];
  const unplaced: number[] = [];
  const seen = new Set<string>();
  let markers = 0;
  texts.forEach((text, i) => {
    if (isConflictMarker(text)) return void markers++;
    // union-style resolution repeats lines both sides had: keep one
    if (seen.has(text)) return;
    seen.add(text);
    let env: Line["env"];
    try {
      env = JSON.parse(text) as Line["env"];
    } catch {
      return void unplaced.push(i + 1);
    }
    const line = { text, hash: lineHash(text), env };
    if (env.seq === main.length + 1 && env.prev === (main.at(-1)?.hash ?? "")) return void main.push(line);
    const fork = forks.find((f) => env.seq === f.at(-1)!.env.seq + 1 && env.prev === f.at(-1)!.hash);
    if (fork) return void fork.push(line);
    if (env.seq >= 1 && env.seq <= main.length && env.prev === (env.seq === 1 ? "" : main[env.seq - 2]!.hash)) return void forks.push([line]);
    unplaced.push(i + 1);
  });
  // the chain the file keeps is the one other segments built on (saw): a fork they saw swaps places with the file's own tail
  const referenced = referencedLines(path);
  const score = (lines: readonly Line[]) => lines.filter((l) => referenced.has(l.hash)).length;
  let chain = main;
  forks.forEach((fork, i) => {
    const base = fork[0]!.env.seq - 1;
    if (base > chain.length || score(fork) <= score(chain.slice(base))) return;
    forks[i] = chain.slice(base);
    chain = [...chain.slice(0, base), ...fork];
  });
  return { markers, kept: chain.length + forks.reduce((n, f) => n + f.length, 0), forks: forks.filter((f) => f.length > 0), unplaced, main: chain };
};

/** The hashes of a file's lines that the stream's other files recorded having seen (its `seen` entries name the file). */
const referencedLines = (path: string): Set<string> => {
  const name = basename(path);
  const out = new Set<string>();
  for (const file of sourceFiles({ dir: dirname(path) }))
    if (file.path !== path)
      scanLines(file.path, 0, (buf, from, to) => {
        let text = buf.toString("utf8", from, to);
        if (file.compacted) {
          const u = unwrapCompacted(text);
          if (typeof u === "string") return;
          text = u.line;
        }
        try {
          const seen = (JSON.parse(text) as { seen?: Record<string, { hash?: string }> }).seen?.[name];
          if (seen?.hash) out.add(seen.hash);
        } catch {
          // not a line: verify names it
        }
      });
  return out;
};

/**
 * Writes lines that forked from `path` after its line `base` (hash `baseHash`) as a segment of
 * their own, re-chained there with their ids, clocks, times, actors and data as they were, its
 * first line recording the line it forked from. Returns the new segment's path.
 */
const writeFork = (path: string, fork: readonly Line[], baseHash: string, randomName: () => string): string => {
  const base = fork[0]!.env.seq - 1;
  let prev = "";
  const lines = fork.map((l, i) => {
    const { seq: _seq, prev: _prev, clock, seen, data, ...rest } = l.env;
    const from = i === 0 && base > 0 ? { [basename(path)]: { seq: base, hash: baseHash } } : undefined;
    const text = JSON.stringify({ seq: i + 1, ...rest, prev, clock: clock ?? l.env.seq, ...(seen || from ? { seen: { ...(seen as object | undefined), ...from } } : {}), data });
    prev = lineHash(text);
    return text;
  });
  const file = join(dirname(path), `${randomName()}-${randomName()}${SEGMENT_EXT}`);
  replaceDurably(file, lines.map((l) => `${l}\n`).join(""));
  return file;
};

/**
 * A tracked segment this clone appended to after git recorded it (by an older maestro, or by
 * hand): the lines past what git recorded move to a segment of their own, and the file goes
 * back to git's bytes. Call under the stream's lock. Undefined unless the file starts with
 * `recorded` and has whole lines past it.
 */
export const splitGrownSegment = (path: string, recorded: Buffer, randomName: () => string): { segment: string; moved: number } | undefined => {
  const bytes = readFileSync(path);
  if (bytes.length <= recorded.length || !bytes.subarray(0, recorded.length).equals(recorded) || (recorded.length > 0 && recorded[recorded.length - 1] !== 10)) return undefined;
  const texts = bytes.subarray(recorded.length).toString("utf8").split("\n").filter(Boolean);
  const kept = recorded.toString("utf8").split("\n").filter(Boolean);
  let extra: Line[];
  try {
    extra = texts.map((text) => ({ text, hash: lineHash(text), env: JSON.parse(text) as Line["env"] }));
  } catch {
    return undefined;
  }
  if (extra[0]!.env.seq !== kept.length + 1) return undefined;
  appendFileSync(`${path}.quarantine`, bytes);
  const segment = writeFork(path, extra, kept.length > 0 ? lineHash(kept.at(-1)!) : "", randomName);
  replaceDurably(path, recorded);
  return { segment, moved: extra.length };
};

/**
 * Repairs a hand-merged file (see analyzeMergedFile); call under the stream's lock. Returns the
 * new segments' paths, or undefined when the file has neither markers nor forks, or has lines
 * that fit no chain (those need a person).
 */
export const repairMergedFile = (path: string, randomName: () => string): { segments: string[]; merged: MergedFile } | undefined => {
  const merged = analyzeMergedFile(path);
  if ((merged.markers === 0 && merged.forks.length === 0) || merged.unplaced.length > 0) return undefined;
  appendFileSync(`${path}.quarantine`, readFileSync(path));
  const segments = merged.forks.map((fork) => {
    const base = fork[0]!.env.seq - 1;
    return writeFork(path, fork, base > 0 ? merged.main[base - 1]!.hash : "", randomName);
  });
  replaceDurably(path, merged.main.map((l) => `${l.text}\n`).join(""));
  return { segments, merged };
};
