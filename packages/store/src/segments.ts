// A stream on disk is a folder of segments: each `*.jsonl` directly in it is one writer's
// append-only, hash-chained file (a file from before segments, such as `tasks.jsonl`, is
// simply one more). A compacted file (`compacted-<sha256>.jsonl`) holds other segments' lines
// verbatim, each wrapped as {"seg","line"} and in fold order, after a header that counts them:
// wrapping keeps git from pairing it with the files it replaces as a rename (which conflicts
// when two clones compact at once), and verbatim lines keep every chain checkable.
import { existsSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import type { NewEvent, StreamKind } from "@maestro/core/envelope";

export const SEGMENT_EXT = ".jsonl";
export const COMPACTED_PREFIX = "compacted-";

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

/** The stream's files, by name (the order ties are broken in). */
export const sourceFiles = (ref: { dir: string; legacy?: string }): SourceFile[] => {
  let names: string[] = [];
  try {
    names = readdirSync(ref.dir).filter((n) => n.endsWith(SEGMENT_EXT));
  } catch {
    // no folder yet: an empty stream (or only a legacy file)
  }
  const files = names.map((name) => ({ name, path: join(ref.dir, name), compacted: isCompactedName(name) }));
  if (ref.legacy && existsSync(ref.legacy) && !files.some((f) => f.path === ref.legacy)) files.push({ name: basename(ref.legacy), path: ref.legacy, compacted: false });
  return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
};

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

/** Git's conflict markers: a log merged by hand with its conflict left in. */
export const isConflictMarker = (text: string) => /^(<{7}|={7}|>{7}|\|{7})( |$)/.test(text);
