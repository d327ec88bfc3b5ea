// A stream is one JSONL event log of one kind. `foldStream` reads it (from a snapshot cache
// when one is valid) and folds it with the kind's evolve. A bad line with more lines after it
// is corruption and is reported by line; a bad or unterminated last line is a torn write,
// which reads skip and the next append quarantines.
import { Either } from "effect";
import { type NewEvent, type Recorded, type StreamKind, CorruptStore, parseEnvelope } from "@maestro/core";
import { lineHash } from "./hash.js";
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
  let seq = start?.seq ?? 0;
  let lastLine: Buffer | null = null;
  let lastHash = start?.hash ?? "";
  let lastLineStart = start?.lastLineStart ?? 0;
  let endOffset = start?.byteOffset ?? 0;
  let pending: { line: number; reason: string; start: number } | null = null;
  const events: Recorded<E>[] = [];
  const keep = typeof opts.collect === "function" ? opts.collect : opts.collect ? () => true : undefined;
  let stoppedAtLimit = false;

  const scan = scanLines(ref.path, endOffset, (line, start) => {
    const lineNo = seq + 1;
    if (pending) throw corrupt(ref.label, pending.line, pending.reason);
    if (at !== undefined && seq >= at) {
      stoppedAtLimit = true;
      return false;
    }
    const parsed = Either.flatMap(parseEnvelope(line.toString("utf8")), (env) =>
      env.seq !== lineNo ? Either.left(`seq ${env.seq} where ${lineNo} was expected`) : kind.decode(env),
    );
    if (Either.isLeft(parsed)) {
      pending = { line: lineNo, reason: parsed.left, start };
      return;
    }
    const e = parsed.right;
    state = kind.evolve(state, e);
    seq = e.seq;
    lastLine = line;
    lastLineStart = start;
    endOffset = start + line.length + 1;
    if (keep?.(e)) events.push(e);
  });
  if (lastLine) lastHash = lineHash(lastLine);
  const p = pending as { line: number; reason: string; start: number } | null;
  let torn: Torn | null = null;
  if (!stoppedAtLimit && (p || scan.trailing)) {
    const offset = p ? p.start : scan.endOffset;
    torn = { offset, bytes: readRange(ref.path, offset, scan.endOffset + (scan.trailing?.length ?? 0)) };
  }
  const folded = { state, seq, lastHash, lastLineStart, endOffset, torn, events, cacheSeq };
  if (useCache && at === undefined && seq - cacheSeq >= CACHE_REFRESH) {
    writeCache(ref.cachePath!, kind, folded);
    return { ...folded, cacheSeq: seq };
  }
  return folded;
};

