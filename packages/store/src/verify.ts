// `log verify` for one stream: what the ordered reader checks (contiguous seq, a clock that
// only grows, one line per (segment, seq)), every event's schema, every segment's hash chain,
// unique event ids, and every cross-segment reference an event recorded (the segment exists,
// holds that line, its hash matches and its clock is lower). Names the first bad line by file
// and line; torn tails are reported apart, as the writer repairs them.
import { createHash } from "node:crypto";
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import * as Either from "effect/Either";
import { withCodecs } from "@maestro/core/codec";
import type { NewEvent } from "@maestro/core/envelope";
import { lineHash } from "./hash.js";
import { readRange } from "./lines.js";
import { BadLine, OrderedLines, parseLine } from "./ordered.js";
import { sourceFiles, type SourceFile, type StreamRef } from "./segments.js";

export interface VerifyReport {
  readonly stream: string;
  /** the stream's folder */
  readonly path: string;
  readonly events: number;
  readonly segments: number;
  readonly ok: boolean;
  /** the first bad line: its file, its line there, and why */
  readonly problem?: { readonly file: string; readonly line: number; readonly reason: string };
  /** torn last writes, which the writer (or doctor --repair) quarantines */
  readonly torn: readonly { readonly file: string; readonly bytes: number }[];
  readonly tornBytes: number;
}

interface Line {
  readonly hash: string;
  readonly prev: string;
  readonly clock: number;
  readonly id: string;
  readonly seen: Readonly<Record<string, { readonly seq: number; readonly hash: string }>> | undefined;
  readonly file: string;
  readonly line: number;
}

export const verifyStream = <S, E extends NewEvent>(ref: StreamRef<S, E>): Promise<VerifyReport> => withCodecs(() => verifySync(ref));

/**
 * What `status` runs: the bytes verified before (a mark beside the snapshot cache: each file's
 * inode, size and the sha256 of those bytes, and each segment's last seq, hash and clock) are
 * not read as events again; only lines appended since are parsed, decoded and chained onto their
 * segment. Anything else (a file shrunk, replaced or rewritten, a new file whose segment the mark
 * does not continue, a torn tail, a bad line) takes the full verify, which names the problem and
 * renews the mark. Cross-segment references and event-id uniqueness are the full verify's
 * (`log verify`, `doctor`): new lines check what their own segment vouches for.
 */
export const verifyNewBytes = <S, E extends NewEvent>(ref: StreamRef<S, E>): Promise<VerifyReport> => withCodecs(() => verifyNewSync(ref));

interface VerifiedMark {
  readonly v: 1;
  readonly files: Readonly<Record<string, { readonly ino: number; readonly size: number; readonly hash: string }>>;
  readonly segments: Readonly<Record<string, { readonly seq: number; readonly hash: string; readonly clock: number }>>;
  readonly events: number;
}

const markPathOf = (ref: { cachePath?: string }) => (ref.cachePath ? `${ref.cachePath}.verified` : undefined);

const readMark = (path: string): VerifiedMark | undefined => {
  try {
    const m = JSON.parse(readFileSync(path, "utf8")) as VerifiedMark;
    return m.v === 1 ? m : undefined;
  } catch {
    return undefined;
  }
};

const writeMark = (path: string, m: VerifiedMark) => {
  // (a mark is disposable: one that cannot be written is only a slower next status)
  try {
    writeFileSync(`${path}.tmp`, JSON.stringify(m));
    renameSync(`${path}.tmp`, path);
  } catch {
    // read-only workspace, or the cache folder gone: verify in full next time
  }
};

/** Each file's verified bytes as the mark keeps them. */
const fileMark = (f: SourceFile) => {
  const st = statSync(f.path);
  return { ino: st.ino, size: st.size, hash: createHash("sha256").update(readFileSync(f.path)).digest("hex") };
};

const verifyNewSync = <S, E extends NewEvent>(ref: StreamRef<S, E>): VerifyReport => {
  const markPath = markPathOf(ref);
  if (!markPath) return verifySync(ref);
  const full = () => verifySync(ref, markPath);
  const mark = readMark(markPath);
  const files = sourceFiles(ref);
  if (!mark || Object.keys(mark.files).some((p) => !files.some((f) => f.path === p))) return full();
  const segments = { ...mark.segments };
  const marked: Record<string, VerifiedMark["files"][string]> = {};
  let events = mark.events;
  for (const f of files) {
    const st = statSync(f.path);
    const m = Object.hasOwn(mark.files, f.path) ? mark.files[f.path] : undefined;
    if (m && (st.ino !== m.ino || st.size < m.size)) return full();
    const from = m?.size ?? 0;
    const hash = createHash("sha256");
    if (m) {
      const prefix = readRange(f.path, 0, from);
      if (createHash("sha256").update(prefix).digest("hex") !== m.hash) return full();
      hash.update(prefix);
    }
    const added = readRange(f.path, from, st.size);
    // (a torn last write is the full verify's to report)
    if (added.length && added[added.length - 1] !== 10) return full();
    for (const raw of added.toString("utf8").split("\n").slice(0, -1)) {
      const p = parseLine(f, raw.endsWith("\r") ? raw.slice(0, -1) : raw);
      if (typeof p === "string" || Either.isLeft(ref.kind.codec.decode(p.env))) return full();
      const tip = Object.hasOwn(segments, p.segment) ? segments[p.segment] : undefined;
      if (p.env.seq !== (tip?.seq ?? 0) + 1 || p.env.prev !== (tip?.hash ?? "") || p.clock < (tip?.clock ?? 0)) return full();
      segments[p.segment] = { seq: p.env.seq, hash: lineHash(p.text), clock: p.clock };
      events++;
    }
    marked[f.path] = { ino: st.ino, size: st.size, hash: hash.update(added).digest("hex") };
  }
  writeMark(markPath, { v: 1, files: marked, segments, events });
  return { stream: ref.label, path: ref.dir, events, segments: Object.keys(segments).length, ok: true, torn: [], tornBytes: 0 };
};

/** The full verify; with `markPath`, a clean result is marked for `verifyNewBytes`. */
const verifySync = <S, E extends NewEvent>(ref: StreamRef<S, E>, markPath?: string): VerifyReport => {
  const segments = new Map<string, Line[]>();
  let problem: { file: string; line: number; reason: string } | undefined;
  // every line in fold order, checked by the ordered reader and the stream's schema, filed under its segment
  const files = sourceFiles(ref);
  // (marked before the read: a line appended meanwhile is verified again next time, never trusted unread)
  const marks = markPath ? Object.fromEntries(files.map((f) => [f.path, fileMark(f)])) : undefined;
  const lines = new OrderedLines(files);
  try {
    for (let l = lines.next(); l; l = lines.next()) {
      const decoded = ref.kind.codec.decode(l.env);
      if (Either.isLeft(decoded)) {
        problem = { file: l.file.path, line: l.line, reason: decoded.left };
        break;
      }
      const list = segments.get(l.segment) ?? [];
      segments.set(l.segment, list);
      list.push({ hash: lineHash(l.text), prev: l.env.prev, clock: l.clock, id: l.env.id, seen: l.env.seen, file: l.file.path, line: l.line });
    }
  } catch (e) {
    if (!(e instanceof BadLine)) throw e;
    problem = { file: e.file.path, line: e.line, reason: e.reason };
  } finally {
    lines.close();
  }
  const torn = lines.torn.map((t) => ({ file: t.path, bytes: t.bytes.length }));
  // then each segment's chain, event ids across segments, and what each event saw
  let events = 0;
  const ids = new Map<string, string>();
  const check = (): { file: string; line: number; reason: string } | undefined => {
    for (const [segment, lines] of segments) {
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i]!;
        const before = lines[i - 1];
        // (seq and clock are the ordered reader's checks; the hash chain is this one's)
        if (l.prev !== (before?.hash ?? "")) return { file: l.file, line: l.line, reason: `prev hash does not match line ${i} of segment ${segment} (a line before it was edited, removed or inserted)` };
        const twice = ids.get(l.id);
        if (twice) return { file: l.file, line: l.line, reason: `event id ${l.id} is also in segment ${twice}` };
        ids.set(l.id, segment);
        events++;
      }
    }
    for (const lines of segments.values())
      for (const l of lines)
        for (const [s, at] of Object.entries(l.seen ?? {})) {
          const target = segments.get(s)?.[at.seq - 1];
          const reason = !target
            ? `it saw line ${at.seq} of segment ${s}, which is missing (deleted, or not merged in yet)`
            : target.hash !== at.hash
              ? `it saw line ${at.seq} of segment ${s} with another hash (that line was edited)`
              : target.clock >= l.clock
                ? `its clock ${l.clock} is not past line ${at.seq} of segment ${s} (clock ${target.clock}), which it saw`
                : undefined;
          if (reason) return { file: l.file, line: l.line, reason };
        }
    return undefined;
  };
  problem ??= check();
  const tornBytes = torn.reduce((n, t) => n + t.bytes, 0);
  if (markPath && marks && !problem && torn.length === 0) {
    const tips = Object.fromEntries([...segments].map(([seg, ls]) => [seg, { seq: ls.length, hash: ls.at(-1)!.hash, clock: ls.at(-1)!.clock }]));
    writeMark(markPath, { v: 1, files: marks!, segments: tips, events });
  }
  return { stream: ref.label, path: ref.dir, events, segments: segments.size, ok: !problem, ...(problem ? { problem } : {}), torn, tornBytes };
};
