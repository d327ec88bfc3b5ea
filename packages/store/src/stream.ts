// Folding a stream: its lines, in fold order from the one ordered reader (ordered.ts), are
// decoded and evolved into state, from scratch or from a snapshot cache or an earlier fold. A
// complete line that does not decode is corruption, named by file and line; a torn write is
// skipped here and quarantined by the writer.
import * as Either from "effect/Either";
import { withCodecs } from "@maestro/core/codec";
import { type Envelope, type NewEvent, type Recorded, draftOf, vectorHolds } from "@maestro/core/envelope";
import { CorruptStore } from "@maestro/core/errors";
import { lineHash } from "./hash.js";
import { lastLines } from "./lines.js";
import { readCache, writeCache } from "./cache.js";
import { BadLine, OrderedLines, parseLine, tipLine, type FileMark, type SegmentTip, type Torn } from "./ordered.js";
import { sourceFiles, type SourceFile, type StreamRef } from "./segments.js";

export type { StreamRef } from "./segments.js";
export type { FileMark, SegmentTip, Torn } from "./ordered.js";
export { badLineReason, tipLine } from "./ordered.js";

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
      reason.startsWith("git conflict markers") ? "run `maestro doctor --repair` (it keeps the lines of both sides)" : "run `maestro log verify`, then `maestro doctor --repair` (it sets the file aside) or fix the line by hand"
    }`,
    stream: label,
  });

/** A bad line as the stream's corruption. */
export const corruptLine = (label: string, e: BadLine) => corrupt(label, e.where, e.reason);

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
  // a file the start point read that is gone (compacted away, reset by git): only a full fold is right
  if (incremental && Object.keys(start.files).some((p) => !files.some((f) => f.path === p)))
    return cached ? undefined : foldFrom(ref, emptyPoint(kind.initial), 0, limit, opts, false, files);
  let state = start.state;
  let owned = cached;
  let seq = start.seq;
  let clock = start.clock;
  // the order key of the last event folded, as two values (an object per event costs a replay ~15%)
  let lastClock = start.last?.clock ?? -1;
  let lastSegment = start.last?.segment ?? "";
  const covered: Record<string, number> = { ...start.covered };
  const events: Recorded<E>[] = [];
  const seenBy = opts.seen ? new Map<string, Envelope["seen"][]>() : undefined;
  const keep = typeof opts.collect === "function" ? opts.collect : opts.collect ? () => true : undefined;
  const maxSeq = limit && "seq" in limit ? limit.seq : Infinity;
  const vector = limit && "vector" in limit ? limit.vector : undefined;
  const time = limit && "time" in limit ? limit.time : undefined;

  const lines = new OrderedLines(files, start.files, start.segments);
  try {
    for (let l = seq < maxSeq ? lines.next() : undefined; l; l = seq < maxSeq ? lines.next() : undefined) {
      const { env, segment } = l;
      if (incremental && lastClock >= 0 && (l.clock < lastClock || (l.clock === lastClock && segment < lastSegment))) {
        // a merge brought in events that sort before what was folded: fold from scratch
        lines.close();
        return cached ? undefined : foldFrom(ref, emptyPoint(kind.initial), 0, limit, opts, false, files);
      }
      const decoded = kind.codec.decode(env);
      if (Either.isLeft(decoded)) throw corrupt(label, `${l.file.name}:${Number.isNaN(l.line) ? `byte ${l.start}` : l.line}`, decoded.left);
      if (env.seen) for (const x in env.seen) if ((covered[x] ?? 0) < env.seen[x]!.seq) covered[x] = env.seen[x]!.seq;
      if (seenBy) {
        let list = seenBy.get(segment);
        if (!list) seenBy.set(segment, (list = []));
        list[env.seq] = env.seen;
      }
      if (l.clock > clock) clock = l.clock;
      if ((vector === undefined || vectorHolds(vector, segment, env.seq, l.clock)) && (time === undefined || env.at <= time)) {
        const e = decoded.right as { seq: number; segment: string; pos: number; clock: number };
        e.seq = ++seq;
        e.segment = segment;
        e.pos = env.seq;
        e.clock = l.clock;
        if (!owned) {
          state = draftOf(kind, state);
          owned = true;
        }
        state = kind.evolve(state, decoded.right);
        lastClock = l.clock;
        lastSegment = segment;
        if (keep?.(decoded.right)) events.push(decoded.right);
      }
    }
  } catch (e) {
    throw e instanceof BadLine ? corruptLine(label, e) : e;
  } finally {
    lines.close();
  }
  const last = lastClock >= 0 ? { clock: lastClock, segment: lastSegment } : null;
  const folded: Folded<S, E> = { state, seq, clock, last, segments: lines.tips, covered, files: { ...start.files, ...lines.marks() }, torn: lines.torn, events, cacheSeq, ...(seenBy ? { seen: seenBy } : {}) };
  if (ref.cachePath && !opts.collect && !opts.seen && limit === undefined && seq - cacheSeq >= CACHE_REFRESH) {
    writeCache(ref.cachePath, kind, folded);
    return { ...folded, cacheSeq: seq };
  }
  return folded;
}

/** A fold that decodes any line (see `withCodecs`): what every read of the engine calls. */
export const readStream = <S, E extends NewEvent>(ref: StreamRef<S, E>, opts: FoldOptions<E> = {}): Promise<Folded<S, E>> => withCodecs(() => foldStream(ref, opts));

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
  type Tail = { env: Envelope; segment: string; clock: number; text: string; file: string };
  const all: Tail[] = [];
  // how many lines each segment has: its last line's seq (a compacted file's header counts its own)
  const counts: Record<string, number> = {};
  // (lines read from a file's end have no line number: the message names the file)
  const bad = (file: string, reason: string) => corrupt(ref.label, `${file} (near its end)`, reason);
  for (const file of sourceFiles(ref)) {
    const lines = lastLines(file.path, n, file.compacted);
    if (file.compacted && lines.header !== undefined) {
      let h: { compacted?: Record<string, number> } | undefined;
      try {
        h = JSON.parse(lines.header) as typeof h;
      } catch {
        throw corrupt(ref.label, `${file.name}:1`, "not a compacted file's header");
      }
      for (const [s, k] of Object.entries(h?.compacted ?? {})) counts[s] = Math.max(counts[s] ?? 0, k);
    }
    for (const raw of lines.lines) {
      const l = parseLine(file, raw);
      if (typeof l === "string") throw bad(file.name, l);
      if (!file.compacted) counts[l.segment] = Math.max(counts[l.segment] ?? 0, l.env.seq);
      all.push({ env: l.env, segment: l.segment, clock: l.clock, text: l.text, file: file.name });
    }
  }
  all.sort((a, b) => a.clock - b.clock || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0) || a.env.seq - b.env.seq);
  const unique = all.filter((t, i) => {
    const p = all[i - 1];
    if (!p || t.segment !== p.segment || t.env.seq !== p.env.seq) return true;
    // a line two files hold is read once, if it is the same line
    if (t.text !== p.text) throw bad(t.file, `segment ${t.segment} has two different lines ${t.env.seq} (the other in ${p.file})`);
    return false;
  }).slice(-n);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return unique.map((t, i) => {
    const r = ref.kind.codec.decode(t.env);
    if (Either.isLeft(r)) throw bad(t.file, r.left);
    return Object.assign(r.right, { seq: total - (unique.length - 1 - i), segment: t.segment, pos: t.env.seq, clock: t.clock });
  });
};
