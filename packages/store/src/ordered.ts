// The one reader of a stream's lines in fold order, which every reader of a log goes through
// (fold, verify, compaction, bundle export): each file read side by side and merged by
// (Lamport clock, segment name, file), so every clone that holds the same lines reads them in
// the same order. It checks what a line's place says: within a segment, seq is contiguous and
// the clock never goes back (a command's lines share one), up to MAX_CLOCK; a line two files hold (compacted and not) is read
// once, if its bytes are the same; a complete line that does not parse is a bad line. Only an
// unterminated last line is a torn write, which is set apart, not read.
import * as Either from "effect/Either";
import { parseEnvelope } from "@maestro/core/codec";
import type { Envelope } from "@maestro/core/envelope";
import { LineReader, LineTooLong, MAX_LINE, readRange } from "./lines.js";
import { isConflictMarker, MAX_CLOCK, unwrapCompacted, type SourceFile } from "./segments.js";

/** Where a segment's read part ends. */
export interface SegmentTip {
  readonly seq: number;
  readonly clock: number;
  /** the file holding its last line, and that line's place there (to hash it when asked) */
  readonly path: string;
  readonly lineStart: number;
  readonly lineEnd: number;
  readonly compacted: boolean;
}

/** How far a read went in one file: what a cache checks before it is trusted. */
export interface FileMark {
  readonly offset: number;
  readonly lastLineStart: number;
}

export interface Torn {
  readonly path: string;
  readonly offset: number;
  readonly bytes: Buffer;
}

/** A line that is not what its place says: its file, its line there (NaN for a read continued mid-file) and why. */
export class BadLine extends Error {
  constructor(
    readonly file: SourceFile,
    readonly line: number,
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }

  /** `name:line`, or `name:byte N` for a read continued mid-file */
  get where(): string {
    return `${this.file.name}:${Number.isNaN(this.line) ? `byte ${this.offset}` : this.line}`;
  }
}

/** Why a file's line is not a log line, in words. */
export const badLineReason = (text: string, reason: string) =>
  isConflictMarker(text) ? "git conflict markers (the file was merged by hand and the conflict left in)" : reason;

/** The original bytes of a segment's last read line (unwrapped from a compacted file, without autocrlf's \r). */
export const tipLine = (tip: SegmentTip): Buffer => {
  const raw = readRange(tip.path, tip.lineStart, tip.lineEnd);
  const bytes = raw.length > 0 && raw[raw.length - 1] === 13 ? raw.subarray(0, -1) : raw;
  if (!tip.compacted) return bytes;
  const u = unwrapCompacted(bytes.toString("utf8"));
  return Buffer.from(typeof u === "string" ? "" : u.line, "utf8");
};

/** A line of a file as a log line: its segment, original text, envelope and clock; or why it is not one. */
export const parseLine = (file: SourceFile, raw: string): { segment: string; text: string; env: Envelope; clock: number } | string => {
  let text = raw;
  let segment = file.name;
  if (file.compacted) {
    const u = unwrapCompacted(raw);
    if (typeof u === "string") return badLineReason(raw, u);
    segment = u.seg;
    text = u.line;
  }
  const env = parseEnvelope(text);
  if (Either.isLeft(env)) return badLineReason(text, env.left);
  const clock = env.right.clock ?? env.right.seq;
  if (clock > MAX_CLOCK) return `clock ${clock} is past the bound of ${MAX_CLOCK} (no clone counts that far: a hostile or broken line)`;
  return { segment, text, env: env.right, clock };
};

/** One line, read in fold order. Valid until the next `next()`. */
export interface OrderedLine {
  readonly env: Envelope;
  readonly segment: string;
  readonly clock: number;
  /** the original line (unwrapped from a compacted file) */
  readonly text: string;
  readonly file: SourceFile;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

interface Cursor {
  readonly file: SourceFile;
  readonly index: number;
  readonly reader: LineReader;
  line: number;
  /** where the last line taken from this file starts and ends (-1: none yet) */
  doneStart: number;
  doneEnd: number;
  // the head: the next line of this file, parsed
  env: Envelope | null;
  segment: string;
  clock: number;
  start: number;
  end: number;
  text: string;
}

// (clock, segment, seq, file): within one clock a segment's lines are one command's, in seq order, and a copy in another file comes right after its line
const before = (a: Cursor, b: Cursor) =>
  a.clock < b.clock || (a.clock === b.clock && (a.segment < b.segment || (a.segment === b.segment && (a.env!.seq < b.env!.seq || (a.env!.seq === b.env!.seq && a.index < b.index)))));

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

type Tip = { -readonly [K in keyof SegmentTip]: SegmentTip[K] };

/**
 * Reads the given files from their marks (a continued read: line numbers are then unknown),
 * against the tips already read (`tips`, updated in place as lines are taken).
 */
export class OrderedLines {
  readonly tips: Record<string, Tip>;
  readonly torn: Torn[] = [];
  private readonly heap: Cursor[] = [];
  private readonly cursors: Cursor[] = [];
  // each segment's last line as read here (to tell a copy in another file from another line)
  private readonly texts = new Map<string, string>();
  private current: Cursor | undefined;
  private started = false;

  constructor(files: readonly SourceFile[], marks: Readonly<Record<string, FileMark>> = {}, tips: Readonly<Record<string, SegmentTip>> = {}) {
    this.tips = {};
    for (const s in tips) this.tips[s] = { ...tips[s]! };
    files.forEach((file, index) => {
      const mark = marks[file.path];
      this.cursors.push({ file, index, reader: new LineReader(file.path, mark?.offset ?? 0), line: mark ? Number.NaN : 0, doneStart: -1, doneEnd: -1, env: null, segment: file.name, clock: 0, start: 0, end: 0, text: "" });
    });
  }

  /** Reads every file's first line (on the first `next()`, so that every bad line is thrown from there). */
  private start() {
    this.started = true;
    for (const c of this.cursors) if (this.advance(c)) this.heap.push(c);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) siftDown(this.heap, i);
  }

  /** The next line in fold order, checked; a copy of a line already read is skipped. */
  next(): OrderedLine | undefined {
    if (!this.started) this.start();
    if (this.current) this.pop(this.current);
    for (;;) {
      const c = this.heap[0];
      if (!c) return undefined;
      const env = c.env!;
      const tip = this.tips[c.segment];
      if (tip && env.seq <= tip.seq) {
        if (env.seq !== tip.seq || c.file.path === tip.path || c.text !== (this.texts.get(c.segment) ?? tipLine(tip).toString("utf8")))
          throw this.bad(c, `segment ${c.segment} has two different lines ${env.seq}${c.file.path === tip.path ? " in one file" : ` (the other in ${tip.path.slice(tip.path.lastIndexOf("/") + 1)})`}`);
        this.take(c);
        this.pop(c);
        continue;
      }
      if (env.seq !== (tip?.seq ?? 0) + 1) throw this.bad(c, `seq ${env.seq} where ${(tip?.seq ?? 0) + 1} was expected in segment ${c.segment}`);
      // (a command's events share one clock: equal is one command, lower is a clock going back)
      if (tip && c.clock < tip.clock) throw this.bad(c, `clock ${c.clock} goes back from ${tip.clock} in segment ${c.segment}`);
      this.tips[c.segment] = { seq: env.seq, clock: c.clock, path: c.file.path, lineStart: c.start, lineEnd: c.end - 1, compacted: c.file.compacted };
      this.texts.set(c.segment, c.text);
      this.take(c);
      this.current = c;
      return { env, segment: c.segment, clock: c.clock, text: c.text, file: c.file, line: c.line, start: c.start, end: c.end };
    }
  }

  /** Per file, where the read part ends (its last line taken). */
  marks(): Record<string, FileMark> {
    const out: Record<string, FileMark> = {};
    for (const c of this.cursors) if (c.doneStart >= 0) out[c.file.path] = { offset: c.doneEnd, lastLineStart: c.doneStart };
    return out;
  }

  close(): void {
    for (const c of this.cursors) c.reader.close();
  }

  private pop(c: Cursor) {
    this.current = undefined;
    if (this.advance(c)) siftDown(this.heap, 0);
    else {
      this.heap[0] = this.heap[this.heap.length - 1]!;
      this.heap.pop();
      if (this.heap.length) siftDown(this.heap, 0);
    }
  }

  /** Marks the head's line as read (what `marks` says), before the cursor moves past it. */
  private take(c: Cursor) {
    c.doneStart = c.start;
    c.doneEnd = c.end;
  }

  private bad(c: Cursor, reason: string) {
    return new BadLine(c.file, c.line, c.start, reason);
  }

  /** Reads a cursor's next line into its head; false at the end of its file. */
  private advance(c: Cursor): boolean {
    const r = c.reader;
    let more: boolean;
    try {
      more = r.next();
    } catch (e) {
      if (e instanceof LineTooLong) throw new BadLine(c.file, c.line + 1, e.offset, `a line of over ${MAX_LINE >> 20} MiB (a log line is a few KiB)`);
      throw e;
    }
    if (!more) {
      c.env = null;
      if (r.trailing) this.torn.push({ path: c.file.path, offset: r.endOffset, bytes: Buffer.from(r.trailing) });
      return false;
    }
    c.line++;
    c.start = r.start;
    c.end = r.endOffset;
    // (a compacted file's header is not a line of any segment)
    if (c.file.compacted && c.start === 0) return this.advance(c);
    const l = parseLine(c.file, r.buf.toString("utf8", r.lineFrom, r.lineTo));
    if (typeof l === "string") throw this.bad(c, l);
    c.segment = l.segment;
    c.text = l.text;
    c.env = l.env;
    c.clock = l.clock;
    return true;
  }
}
