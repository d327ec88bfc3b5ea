// Folding a stream: every segment is read side by side and merged into one order, by
// (Lamport clock, segment name, position), so every clone that holds the same lines folds
// them the same way whatever order git put the files or lines in. Within a segment, seq is
// contiguous and the clock only grows; a line two files both hold (compacted and not) is
// folded once. A complete line that does not decode is corruption, named by file and line;
// only an unterminated last line is a torn write, which reads skip and the writer quarantines.
import * as Either from "effect/Either";
import { parseEnvelope, withCodecs } from "@maestro/core/codec";
import { type Envelope, type NewEvent, type Recorded, draftOf, vectorHolds } from "@maestro/core/envelope";
import { CorruptStore } from "@maestro/core/errors";
import { lineHash } from "./hash.js";
import { LineReader, LineTooLong, MAX_LINE, lastLines, readRange } from "./lines.js";
import { readCache, writeCache } from "./cache.js";
import { basename } from "node:path";
import { isConflictMarker, MAX_CLOCK, sourceFiles, unwrapCompacted, type SourceFile, type StreamRef } from "./segments.js";

export type { StreamRef } from "./segments.js";

/** Where a segment's folded part ends. */
export interface SegmentTip {
  readonly seq: number;
  readonly clock: number;
  /** the file holding its last line, and that line's place there (to hash it when asked) */
  readonly path: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly compacted: boolean;
}

/** How far a fold read one file: what a cache checks before it is trusted. */
export interface FileMark {
  readonly offset: number;
  readonly lastLineStart: number;
}

export interface Torn {
  readonly path: string;
  readonly offset: number;
  readonly bytes: Buffer;
}

/** A fold's position: enough to continue it, to cache it, and to write the next event. */
export interface FoldPoint<S> {
  readonly state: S;
  /** events folded */
  readonly seq: number;
  /** the highest clock folded */
  readonly clock: number;
  /** the order key of the last event folded */
  readonly last: { readonly clock: number; readonly segment: string } | null;
  readonly segments: Readonly<Record<string, SegmentTip>>;
  /** per segment, the highest seq any event recorded having seen */
  readonly covered: Readonly<Record<string, number>>;
  /** per file path */
  readonly files: Readonly<Record<string, FileMark>>;
}

export interface Folded<S, E extends NewEvent> extends FoldPoint<S> {
  readonly torn: readonly Torn[];
  /** the folded events, when asked for */
  readonly events: Recorded<E>[];
  /** seq of the snapshot cache this fold started from (0: none), to know when to refresh it */
  readonly cacheSeq: number;
  /** what each event recorded having seen, by segment then position, when asked for */
  readonly seen?: ReadonlyMap<string, Envelope["seen"][]>;
}

/** Which events a fold takes: the first `seq` in fold order, those a version vector holds, or those made by a time. */
export type FoldLimit = { readonly seq: number } | { readonly vector: Readonly<Record<string, number>> } | { readonly time: string };

export interface FoldOptions<E extends NewEvent> {
  readonly at?: number | FoldLimit;
  /** keep the events that were folded (from the start, so the cache is not used) */
  readonly collect?: boolean | ((e: Recorded<E>) => boolean);
  /** keep what each event recorded having seen (see `Folded.seen`) */
  readonly seen?: boolean;
  /** skip the snapshot cache */
  readonly noCache?: boolean;
  /** continue an earlier fold of this stream */
  readonly from?: Folded<unknown, NewEvent>;
}

/** Events folded past a valid cache before the cache is refreshed. */
export const CACHE_REFRESH = 500;

export const corrupt = (label: string, where: string, reason: string) =>
  new CorruptStore({
    condition: "StreamCorrupt",
    message: `${label} is corrupt at ${where}: ${reason}; ${
      reason.startsWith("git conflict markers") ? "run `maestro doctor --repair` (it keeps the lines of both sides)" : "run `maestro log verify` (then `maestro doctor --repair` or fix the line by hand)"
    }`,
    stream: label,
  });

/** Why a file's line is not a log line, in words. */
export const badLineReason = (text: string, reason: string) =>
  isConflictMarker(text) ? "git conflict markers (the file was merged by hand and the conflict left in)" : reason;

interface Cursor {
  readonly file: SourceFile;
  readonly index: number;
  readonly reader: LineReader;
  lineNo: number;
  /** where the last line this fold consumed starts and ends (-1: none yet) */
  doneStart: number;
  doneEnd: number;
  // the head: the next line of this file, parsed
  env: Envelope | null;
  segment: string;
  clock: number;
  start: number;
  end: number;
  /** the head's original line */
  text: string;
}

/** Where a cursor's head is, for messages (a continued read does not know line numbers). */
const whereOf = (c: Cursor) => `${c.file.name}:${Number.isNaN(c.lineNo) ? `byte ${c.start}` : c.lineNo}`;

interface Tip {
  seq: number;
  clock: number;
  path: string;
  lineStart: number;
  lineEnd: number;
  compacted: boolean;
}

const before = (a: Cursor, b: Cursor) => a.clock < b.clock || (a.clock === b.clock && (a.segment < b.segment || (a.segment === b.segment && a.index < b.index)));

/** A binary heap of cursors by their head's order key. */
const siftDown = (h: Cursor[], i: number) => {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < h.length && before(h[l]!, h[m]!)) m = l;
    if (r < h.length && before(h[r]!, h[m]!)) m = r;
    if (m === i) return;
    [h[i], h[m]] = [h[m]!, h[i]!];
    i = m;
  }
};

const emptyPoint = <S>(initial: S): FoldPoint<S> => ({ state: initial, seq: 0, clock: 0, last: null, segments: {}, covered: {}, files: {} });

export const foldStream = <S, E extends NewEvent>(ref: StreamRef<S, E>, opts: FoldOptions<E> = {}): Folded<S, E> => {
  const limit: FoldLimit | undefined = typeof opts.at === "number" ? { seq: opts.at } : opts.at;
  const useCache = !opts.collect && !opts.seen && !opts.noCache && ref.cachePath !== undefined && (limit === undefined || "seq" in limit);
  if (opts.from) return foldFrom(ref, opts.from as Folded<S, E>, opts.from.cacheSeq, limit, opts, false);
  const files = sourceFiles(ref);
  const cache = useCache ? readCache<S>(ref.cachePath!, ref.kind, files, limit && "seq" in limit ? limit.seq : undefined) : undefined;
  if (cache) {
    const r = foldFrom(ref, cache, cache.seq, limit, opts, true, files);
    if (r) return r;
  }
  return foldFrom(ref, emptyPoint(ref.kind.initial), 0, limit, opts, false, files)!;
};

/**
 * Folds every line past `start` (a cache or an earlier fold). With `cached`, the state is a
 * private copy already, and the fold gives up (undefined) if a line sorts before what the
 * cache folded: a merge brought in concurrent events, and only a fold from scratch orders them.
 */
function foldFrom<S, E extends NewEvent>(ref: StreamRef<S, E>, start: FoldPoint<S>, cacheSeq: number, limit: FoldLimit | undefined, opts: FoldOptions<E>, cached: true, files?: SourceFile[]): Folded<S, E> | undefined;
function foldFrom<S, E extends NewEvent>(ref: StreamRef<S, E>, start: FoldPoint<S>, cacheSeq: number, limit: FoldLimit | undefined, opts: FoldOptions<E>, cached: false, files?: SourceFile[]): Folded<S, E>;
function foldFrom<S, E extends NewEvent>(
  ref: StreamRef<S, E>,
  start: FoldPoint<S>,
  cacheSeq: number,
  limit: FoldLimit | undefined,
  opts: FoldOptions<E>,
  cached: boolean,
  files: SourceFile[] = sourceFiles(ref),
): Folded<S, E> | undefined {
  const { kind, label } = ref;
  const incremental = start.seq > 0 || Object.keys(start.files).length > 0;
  let state = start.state;
  let owned = cached;
  let seq = start.seq;
  let clock = start.clock;
  // the order key of the last event folded, as two values (an object per event costs a replay ~15%)
  let lastClock = start.last?.clock ?? -1;
  let lastSegment = start.last?.segment ?? "";
  // tips are updated in place (one object per segment, not one per event): copies of the start's
  const segments: Record<string, Tip> = {};
  for (const s in start.segments) segments[s] = { ...start.segments[s]! };
  const covered: Record<string, number> = { ...start.covered };
  // each segment's last line, as read here (to tell a copy of it in another file from another line)
  const texts = new Map<string, string>();
  const marks: Record<string, FileMark> = { ...start.files };
  const torn: Torn[] = [];
  const events: Recorded<E>[] = [];
  const seenBy = opts.seen ? new Map<string, Envelope["seen"][]>() : undefined;
  const keep = typeof opts.collect === "function" ? opts.collect : opts.collect ? () => true : undefined;
  const maxSeq = limit && "seq" in limit ? limit.seq : Infinity;
  const vector = limit && "vector" in limit ? limit.vector : undefined;
  const time = limit && "time" in limit ? limit.time : undefined;

  const heap: Cursor[] = [];
  const cursors: Cursor[] = [];
  const advance = (c: Cursor): boolean => {
    for (;;) {
      let more: boolean;
      try {
        more = c.reader.next();
      } catch (e) {
        if (e instanceof LineTooLong) throw corrupt(label, `${c.file.name}:${Number.isNaN(c.lineNo) ? `byte ${e.offset}` : c.lineNo + 1}`, `a line of over ${MAX_LINE >> 20} MiB (a log line is a few KiB)`);
        throw e;
      }
      if (!more) {
        c.env = null;
        const trailing = c.reader.trailing;
        if (trailing) torn.push({ path: c.file.path, offset: c.reader.endOffset, bytes: Buffer.from(trailing) });
        return false;
      }
      c.lineNo++;
      const r = c.reader;
      c.start = r.start;
      c.end = r.endOffset;
      let text = r.buf.toString("utf8", r.lineFrom, r.lineTo);
      if (c.file.compacted) {
        if (c.start === 0) continue; // the header
        const u = unwrapCompacted(text);
        if (typeof u === "string") throw corrupt(label, whereOf(c), badLineReason(text, u));
        c.segment = u.seg;
        text = u.line;
      } else c.segment = c.file.name;
      c.text = text;
      const env = parseEnvelope(text);
      if (Either.isLeft(env)) throw corrupt(label, whereOf(c), badLineReason(text, env.left));
      c.env = env.right;
      c.clock = env.right.clock ?? env.right.seq;
      if (c.clock > MAX_CLOCK) throw corrupt(label, whereOf(c), `clock ${c.clock} is past the bound of ${MAX_CLOCK} (no clone counts that far: a hostile or broken line; \`maestro doctor --repair\` sets the file aside)`);
      return true;
    }
  };

  for (const [i, file] of files.entries()) {
    const mark = marks[file.path];
    const c: Cursor = { file, index: i, reader: new LineReader(file.path, mark?.offset ?? 0), lineNo: 0, doneStart: -1, doneEnd: -1, env: null, segment: file.name, clock: 0, start: 0, end: 0, text: "" };
    // (line numbers in messages count from the file's start; a continued read does not know them)
    if (mark) c.lineNo = Number.NaN;
    cursors.push(c);
    if (advance(c)) heap.push(c);
  }
  // a file the start point read that is gone (compacted away, reset by git): only a full fold is right
  if (incremental && Object.keys(start.files).some((p) => !files.some((f) => f.path === p))) {
    for (const c of heap) c.reader.close();
    if (cached) return undefined;
    return foldFrom(ref, emptyPoint(kind.initial), 0, limit, opts, false, files);
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);

  try {
    while (heap.length > 0 && seq < maxSeq) {
      const c = heap[0]!;
      const env = c.env!;
      const segment = c.segment;
      const tip = segments[segment];
      if (tip && env.seq <= tip.seq) {
        // a line another file holds too (a compacted copy) is folded once, if it is the same line
        if (env.seq !== tip.seq || c.file.path === tip.path || c.text !== (texts.get(segment) ?? tipLine(tip).toString("utf8")))
          throw corrupt(label, whereOf(c), `segment ${segment} has two different lines ${env.seq}${c.file.path === tip.path ? " in one file" : ` (the other in ${basename(tip.path)})`}`);
      } else {
        if (env.seq !== (tip?.seq ?? 0) + 1) throw corrupt(label, whereOf(c), `seq ${env.seq} where ${(tip?.seq ?? 0) + 1} was expected in segment ${segment}`);
        if (tip && c.clock <= tip.clock) throw corrupt(label, whereOf(c), `clock ${c.clock} does not grow past ${tip.clock} in segment ${segment}`);
        if (incremental && lastClock >= 0 && (c.clock < lastClock || (c.clock === lastClock && segment < lastSegment))) {
          // a merge brought in events that sort before what was folded: fold from scratch
          for (const h of heap) h.reader.close();
          if (cached) return undefined;
          return foldFrom(ref, emptyPoint(kind.initial), 0, limit, opts, false, files);
        }
        const decoded = kind.codec.decode(env);
        if (Either.isLeft(decoded)) throw corrupt(label, whereOf(c), decoded.left);
        if (tip) {
          tip.seq = env.seq;
          tip.clock = c.clock;
          tip.path = c.file.path;
          tip.lineStart = c.start;
          tip.lineEnd = c.end - 1;
          tip.compacted = c.file.compacted;
        } else segments[segment] = { seq: env.seq, clock: c.clock, path: c.file.path, lineStart: c.start, lineEnd: c.end - 1, compacted: c.file.compacted };
        texts.set(segment, c.text);
        if (env.seen) for (const s in env.seen) if ((covered[s] ?? 0) < env.seen[s]!.seq) covered[s] = env.seen[s]!.seq;
        if (seenBy) {
          let list = seenBy.get(segment);
          if (!list) seenBy.set(segment, (list = []));
          list[env.seq] = env.seen;
        }
        if (c.clock > clock) clock = c.clock;
        if ((vector === undefined || vectorHolds(vector, segment, env.seq, c.clock)) && (time === undefined || env.at <= time)) {
          const e = decoded.right as { seq: number; segment: string; pos: number; clock: number };
          e.seq = ++seq;
          e.segment = segment;
          e.pos = env.seq;
          e.clock = c.clock;
          if (!owned) {
            state = draftOf(kind, state);
            owned = true;
          }
          state = kind.evolve(state, decoded.right);
          lastClock = c.clock;
          lastSegment = segment;
          if (keep?.(decoded.right)) events.push(decoded.right);
        }
      }
      c.doneStart = c.start;
      c.doneEnd = c.end;
      if (advance(c)) siftDown(heap, 0);
      else {
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
        if (heap.length) siftDown(heap, 0);
      }
    }
  } finally {
    for (const h of heap) h.reader.close();
  }
  for (const c of cursors) if (c.doneStart >= 0) marks[c.file.path] = { offset: c.doneEnd, lastLineStart: c.doneStart };
  const last = lastClock >= 0 ? { clock: lastClock, segment: lastSegment } : null;
  const folded: Folded<S, E> = { state, seq, clock, last, segments, covered, files: marks, torn, events, cacheSeq, ...(seenBy ? { seen: seenBy } : {}) };
  if (ref.cachePath && !opts.collect && !opts.seen && limit === undefined && seq - cacheSeq >= CACHE_REFRESH) {
    writeCache(ref.cachePath, kind, folded);
    return { ...folded, cacheSeq: seq };
  }
  return folded;
}

/** A fold that decodes any line (see `withCodecs`): what every read of the engine calls. */
export const readStream = <S, E extends NewEvent>(ref: StreamRef<S, E>, opts: FoldOptions<E> = {}): Promise<Folded<S, E>> => withCodecs(() => foldStream(ref, opts));

/** The original bytes of a segment's last folded line (unwrapped from a compacted file). */
export const tipLine = (tip: SegmentTip): Buffer => {
  const raw = readRange(tip.path, tip.lineStart, tip.lineEnd);
  // (a checkout converted by core.autocrlf ends it in \r)
  const bytes = raw.length > 0 && raw[raw.length - 1] === 13 ? raw.subarray(0, -1) : raw;
  if (!tip.compacted) return bytes;
  const u = unwrapCompacted(bytes.toString("utf8"));
  return Buffer.from(typeof u === "string" ? "" : u.line, "utf8");
};

export const tipHash = (tip: SegmentTip): string => lineHash(tipLine(tip));

/**
 * The causal past of an event: for each segment, how many of its lines the event's writer had
 * folded when it wrote it (the event included), from what each event recorded having seen.
 */
export const causalPast = (f: Folded<unknown, NewEvent>, segment: string, pos: number): Record<string, number> => {
  const vector: Record<string, number> = { [segment]: pos };
  const done: Record<string, number> = {};
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of Object.keys(vector)) {
      const list = f.seen?.get(s);
      for (let p = (done[s] ?? 0) + 1; p <= vector[s]!; p++)
        for (const [t, at] of Object.entries(list?.[p] ?? {}))
          if ((vector[t] ?? 0) < at.seq) {
            vector[t] = at.seq;
            changed = true;
          }
      done[s] = vector[s]!;
    }
  }
  return vector;
};

/** The last `n` good events of a stream in fold order, read backwards from each file's end. */
export const tailEvents = <S, E extends NewEvent>(ref: StreamRef<S, E>, n: number): Promise<Recorded<E>[]> => withCodecs(() => tailSync(ref, n));

const tailSync = <S, E extends NewEvent>(ref: StreamRef<S, E>, n: number): Recorded<E>[] => {
  type Tail = { env: Envelope; segment: string; clock: number; file: number };
  const all: Tail[] = [];
  // how many lines each segment has: its last line's seq (a compacted file's header counts its own)
  const counts: Record<string, number> = {};
  const files = sourceFiles(ref);
  files.forEach((file, fi) => {
    const lines = lastLines(file.path, n, file.compacted);
    if (file.compacted && lines.header) {
      const h = JSON.parse(lines.header) as { compacted?: Record<string, number> };
      for (const [s, k] of Object.entries(h.compacted ?? {})) counts[s] = Math.max(counts[s] ?? 0, k);
    }
    for (const text of lines.lines) {
      let line = text;
      let segment = file.name;
      if (file.compacted) {
        const u = unwrapCompacted(text);
        if (typeof u === "string") continue;
        line = u.line;
        segment = u.seg;
      }
      const env = parseEnvelope(line);
      if (Either.isLeft(env)) continue;
      if (!file.compacted) counts[segment] = Math.max(counts[segment] ?? 0, env.right.seq);
      all.push({ env: env.right, segment, clock: env.right.clock ?? env.right.seq, file: fi });
    }
  });
  all.sort((a, b) => a.clock - b.clock || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0) || a.env.seq - b.env.seq);
  const unique = all.filter((t, i) => i === 0 || t.segment !== all[i - 1]!.segment || t.env.seq !== all[i - 1]!.env.seq).slice(-n);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const out: Recorded<E>[] = [];
  unique.forEach((t, i) => {
    const r = ref.kind.codec.decode(t.env);
    if (Either.isLeft(r)) return;
    Object.assign(r.right, { seq: total - (unique.length - 1 - i), segment: t.segment, pos: t.env.seq, clock: t.clock });
    out.push(r.right);
  });
  return out;
};


