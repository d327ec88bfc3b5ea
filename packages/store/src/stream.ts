// A stream is one JSONL event log of one kind. `foldStream` reads it (from a snapshot cache
// when one is valid) and folds it with the kind's evolve. A bad line with more lines after it
// is corruption and is reported by line; a bad or unterminated last line is a torn write,
// which reads skip and the next append quarantines.
import * as Either from "effect/Either";
import { parseEnvelope } from "@maestro/core/codec";
import { type NewEvent, type Recorded, type StreamKind, draftOf } from "@maestro/core/envelope";
import { CorruptStore } from "@maestro/core/errors";
import { lineHash } from "./hash.js";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { readRange, scanLines } from "./lines.js";
import { readCache, writeCache } from "./cache.js";

export interface StreamRef<S, E extends NewEvent> {
  readonly kind: StreamKind<S, E>;
  readonly path: string;
  /** how messages name this stream, e.g. `mission msn_x` */
  readonly label: string;
  /** where its snapshot cache lives, if it has one */
  readonly cachePath?: string;
}

export interface Torn {
  readonly offset: number;
  readonly bytes: Buffer;
}

export interface Folded<S, E extends NewEvent> {
  readonly state: S;
  readonly seq: number;
  /** sha256 of the last good line ("" for an empty stream) */
  readonly lastHash: string;
  readonly lastLineStart: number;
  /** byte offset just past the last good line */
  readonly endOffset: number;
  readonly torn: Torn | null;
  /** the folded events, when asked for */
  readonly events: Recorded<E>[];
  /** seq of the snapshot cache this fold started from (0: none), to know when to refresh it */
  readonly cacheSeq: number;
}

export interface FoldOptions<E extends NewEvent> {
  /** fold only up to this seq (time travel) */
  readonly at?: number;
  /** keep the events that were folded (from seq 1, so the cache is not used) */
  readonly collect?: boolean | ((e: Recorded<E>) => boolean);
  /** skip the snapshot cache */
  readonly noCache?: boolean;
  /** continue an earlier fold of this stream (logs only grow past a good line) */
  readonly from?: Folded<unknown, NewEvent>;
}

/** Events folded past a valid cache before the cache is refreshed. */
export const CACHE_REFRESH = 500;

export const corrupt = (label: string, line: number, reason: string) =>
  new CorruptStore({ message: `${label} is corrupt at line ${line}: ${reason}; run \`maestro log verify\` (then \`maestro doctor --repair\` or fix the line by hand)`, stream: label, line });

export const foldStream = <S, E extends NewEvent>(ref: StreamRef<S, E>, opts: FoldOptions<E> = {}): Folded<S, E> => {
  const { kind } = ref;
  const at = opts.at;
  const useCache = !opts.collect && !opts.noCache && ref.cachePath !== undefined;
  const from = opts.from as Folded<S, E> | undefined;
  const cache = from ? undefined : useCache ? readCache<S>(ref.cachePath!, ref.path, kind, at) : undefined;
  const start = from ? { state: from.state, seq: from.seq, hash: from.lastHash, lastLineStart: from.lastLineStart, byteOffset: from.endOffset } : cache;
  const cacheSeq = from ? from.cacheSeq : (cache?.seq ?? 0);
  let state = start?.state ?? kind.initial;
  // evolve works on a private copy: a state parsed from the cache just now already is one
  let owned = cache !== undefined;
  let seq = start?.seq ?? 0;
  let advanced = false;
  let lastHash = start?.hash ?? "";
  let lastLineStart = start?.lastLineStart ?? 0;
  let endOffset = start?.byteOffset ?? 0;
  let pending: { line: number; reason: string; start: number } | null = null;
  const events: Recorded<E>[] = [];
  const keep = typeof opts.collect === "function" ? opts.collect : opts.collect ? () => true : undefined;
  let stoppedAtLimit = false;

  const scan = scanLines(ref.path, endOffset, (buf, lineFrom, lineTo, start) => {
    const lineNo = seq + 1;
    if (pending) throw corrupt(ref.label, pending.line, pending.reason);
    if (at !== undefined && seq >= at) {
      stoppedAtLimit = true;
      return false;
    }
    const env = parseEnvelope(buf.toString("utf8", lineFrom, lineTo));
    const parsed: Either.Either<Recorded<E>, string> = Either.isLeft(env)
      ? Either.left(env.left)
      : env.right.seq !== lineNo
        ? Either.left(`seq ${env.right.seq} where ${lineNo} was expected`)
        : kind.codec.decode(env.right);
    if (Either.isLeft(parsed)) {
      pending = { line: lineNo, reason: parsed.left, start };
      return;
    }
    const e = parsed.right;
    if (!owned) {
      state = draftOf(kind, state);
      owned = true;
    }
    state = kind.evolve(state, e);
    seq = e.seq;
    advanced = true;
    lastLineStart = start;
    endOffset = start + (lineTo - lineFrom) + 1;
    if (keep?.(e)) events.push(e);
  });
  // the last good line, read again (the scan's buffers are reused), and hashed only when a
  // writer or a cache asks for it: most reads never do
  let lastLine = advanced ? readRange(ref.path, lastLineStart, endOffset - 1) : undefined;
  const p = pending as { line: number; reason: string; start: number } | null;
  let torn: Torn | null = null;
  if (!stoppedAtLimit && (p || scan.trailing)) {
    const offset = p ? p.start : scan.endOffset;
    torn = { offset, bytes: readRange(ref.path, offset, scan.endOffset + (scan.trailing?.length ?? 0)) };
  }
  const folded = {
    state,
    seq,
    get lastHash() {
      if (lastLine) {
        lastHash = lineHash(lastLine);
        lastLine = undefined;
      }
      return lastHash;
    },
    lastLineStart,
    endOffset,
    torn,
    events,
    cacheSeq,
  };
  if (useCache && at === undefined && seq - cacheSeq >= CACHE_REFRESH) {
    writeCache(ref.cachePath!, kind, folded);
    return { ...folded, cacheSeq: seq };
  }
  return folded;
};


/** The last `n` good events of a stream, read backwards from the end (a torn tail is skipped). */
export const tailEvents = <S, E extends NewEvent>(ref: StreamRef<S, E>, n: number): Recorded<E>[] => {
  let fd: number;
  try {
    fd = openSync(ref.path, "r");
  } catch {
    return [];
  }
  try {
    const size = fstatSync(fd).size;
    let pos = size;
    let buf = Buffer.alloc(0);
    const lines: Buffer[] = [];
    // read 64 KiB blocks backwards until n complete lines are in hand
    while (pos > 0 && lines.length <= n) {
      const len = Math.min(1 << 16, pos);
      pos -= len;
      const chunk = Buffer.alloc(len);
      readSync(fd, chunk, 0, len, pos);
      buf = Buffer.concat([chunk, buf]);
      const parts: Buffer[] = [];
      let end = buf.length;
      for (let i = buf.length - 1; i >= 0; i--)
        if (buf[i] === 10) {
          if (i + 1 < end) parts.unshift(buf.subarray(i + 1, end));
          end = i;
        }
      if (pos === 0 && end > 0) parts.unshift(buf.subarray(0, end));
      lines.splice(0, lines.length, ...parts);
    }
    const out: Recorded<E>[] = [];
    // the last chunk without a newline is a torn write: not an event
    const complete = size > 0 && buf[buf.length - 1] !== 10 ? lines.slice(0, -1) : lines;
    for (const line of complete.slice(-n)) {
      const r = Either.flatMap(parseEnvelope(line.toString("utf8")), (env) => ref.kind.codec.decode(env));
      if (Either.isRight(r)) out.push(r.right);
    }
    return out;
  } finally {
    closeSync(fd);
  }
};
