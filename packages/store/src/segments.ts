// A stream on disk is a folder of segments: each `*.jsonl` directly in it is one writer's
// append-only, hash-chained file (a file from before segments, such as `tasks.jsonl`, is
// simply one more). A compacted file (`compacted-<sha256>.jsonl`) holds other segments' lines
// verbatim, each wrapped as {"seg","line"} and in fold order, after a header that counts them:
// wrapping keeps git from pairing it with the files it replaces as a rename (which conflicts
// when two clones compact at once), and verbatim lines keep every chain checkable.
import { lstatSync, readdirSync, renameSync, type Dirent } from "node:fs";
import { basename, join } from "node:path";
import type { NewEvent, StreamKind } from "@maestro/core/envelope";

export const SEGMENT_EXT = ".jsonl";
export const COMPACTED_PREFIX = "compacted-";

/**
 * The highest Lamport clock a line may carry: below 2^53 (where a JSON number stops counting)
 * by 2^32, so a clone that folds it can still count on. A line past it is refused on read,
 * and this clone never writes one.
 */
export const MAX_CLOCK = 2 ** 53 - 2 ** 32;

/** How a process picks the segment it appends to (see writer.ts). */
export type SegmentWriter =
  /** always this file (a stream only this machine writes: handoffs) */
  | { readonly fixed: string }
  /** a segment of this clone's own, never one that git tracks */
  | { readonly stateFile: string; readonly replicaFile: string; readonly gitRoot: string };

export interface StreamRef<S, E extends NewEvent> {
  readonly kind: StreamKind<S, E>;
  /** the stream's folder */
  readonly dir: string;
  /** a single-file stream from before segments that lives outside `dir`, read as one more segment */
  readonly legacy?: string;
  /** how messages name this stream, e.g. `mission msn_x` */
  readonly label: string;
  /** where its snapshot cache lives, if it has one */
  readonly cachePath?: string;
  readonly lockPath: string;
  readonly writer: SegmentWriter;
}

/** One file of a stream, as read. */
export interface SourceFile {
  readonly name: string;
  readonly path: string;
  readonly compacted: boolean;
}

export const isCompactedName = (name: string) => name.startsWith(COMPACTED_PREFIX);

/** What a stream folder holds under a segment's name that is not a file: named by `doctor`, never read. */
export interface Stray {
  readonly path: string;
  readonly what: string;
}

const entryKind = (d: Dirent) => (d.isSymbolicLink() ? "a symlink" : d.isDirectory() ? "a directory" : d.isFIFO() ? "a FIFO" : d.isSocket() ? "a socket" : d.isCharacterDevice() || d.isBlockDevice() ? "a device" : "not a regular file");

const entries = (ref: { dir: string; legacy?: string }): { files: SourceFile[]; strays: Stray[] } => {
  let dirents: Dirent[] = [];
  try {
    dirents = readdirSync(ref.dir, { withFileTypes: true }).filter((d) => d.name.endsWith(SEGMENT_EXT));
  } catch {
    // no folder yet: an empty stream (or only a legacy file)
  }
  // (the entry's own type, as lstat says: a symlink is never followed)
  const files = dirents.filter((d) => d.isFile()).map((d) => ({ name: d.name, path: join(ref.dir, d.name), compacted: isCompactedName(d.name) }));
  const strays = dirents.filter((d) => !d.isFile()).map((d) => ({ path: join(ref.dir, d.name), what: entryKind(d) }));
  if (ref.legacy && !files.some((f) => f.path === ref.legacy)) {
    try {
      if (lstatSync(ref.legacy).isFile()) files.push({ name: basename(ref.legacy), path: ref.legacy, compacted: false });
      else strays.push({ path: ref.legacy, what: "not a regular file" });
    } catch {
      // no legacy file
    }
  }
  return { files: files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)), strays };
};

/** The stream's files, by name (the order ties are broken in): regular files only. */
export const sourceFiles = (ref: { dir: string; legacy?: string }): SourceFile[] => entries(ref).files;

/** The entries of a stream folder named like segments that are not regular files (skipped by every read). */
export const strayEntries = (ref: { dir: string; legacy?: string }): Stray[] => entries(ref).strays;

export const streamExists = (ref: { dir: string; legacy?: string }): boolean => sourceFiles(ref).length > 0;

export const compactedLine = (segment: string, line: string) => JSON.stringify({ seg: segment, line });

/** The segment and the original line a compacted file's line wraps, or why it is not one. */
export const unwrapCompacted = (text: string): { seg: string; line: string } | string => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return "not valid JSON";
  }
  const r = raw as { seg?: unknown; line?: unknown };
  if (typeof r?.seg !== "string" || typeof r.line !== "string") return "not a compacted line ({\"seg\",\"line\"})";
  return { seg: r.seg, line: r.line };
};

/** What a segment that cannot be folded is renamed to: beside it, never read, git-ignored, recoverable by renaming it back. */
export const SET_ASIDE_EXT = ".set-aside";

/** Sets a stream file aside (see SET_ASIDE_EXT); git then sees it deleted, so a sync takes it out for the team too. */
export const setAside = (path: string): void => {
  renameSync(path, `${path}${SET_ASIDE_EXT}`);
};

/** Git's conflict markers: a log merged by hand with its conflict left in. */
export const isConflictMarker = (text: string) => /^(<{7}|={7}|>{7}|\|{7})( |$)/.test(text);
