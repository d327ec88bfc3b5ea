// Reads a JSONL file as byte-exact lines in fixed-size chunks, so a log of any size is read
// without holding it whole in memory. Offsets are in bytes, which is what caches and
// truncation need. One chunk buffer is reused for the whole file: touching fresh memory is
// what reading costs most on a VM (a new 4 MiB buffer per chunk made reads ~8x slower). Every
// reader of a log (fold, verify, compaction, bundle import's check, and the tail that status
// and Mission Control show) splits on byte 10 here and decodes a line's bytes once. A file
// comes from git, so it is checked, not trusted: only a regular file is opened (never through
// a symlink), a line may not pass MAX_LINE bytes (reads stay linear), and a `\r` before the
// `\n` (a checkout converted by core.autocrlf) is not part of the line.
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

const CHUNK = 1 << 20;

/** The longest line a log may hold (an event is a few KiB; a whole plan some hundreds). */
export const MAX_LINE = 4 << 20;

/** A line over MAX_LINE: where it starts, for the caller to name by file and line. */
export class LineTooLong extends Error {
  constructor(readonly path: string, readonly offset: number) {
    super(`a line of over ${MAX_LINE >> 20} MiB starts at byte ${offset} of ${path} (a log line is a few KiB)`);
  }
}

/** Opens a log file to read: a regular file only, never through a symlink (undefined when it is not there). */
export const openLog = (path: string): number | undefined => {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ELOOP") return undefined;
    throw e;
  }
  if (!fstatSync(fd).isFile()) {
    closeSync(fd);
    return undefined;
  }
  return fd;
};

const CR = 13;

export interface LineScan {
  /** byte offset just past the last `\n` */
  readonly endOffset: number;
  /** bytes after the last `\n` (a torn write), if any */
  readonly trailing: Buffer | null;
}

/**
 * Pulls a file's complete lines from `from` on, one per `next()`: the line is the bytes
 * `buf[lineFrom, lineTo)` starting at file offset `start` (decode it in place: `buf` is reused,
 * copy what must outlive the next call). Several readers run side by side when segments are
 * merged; each holds one chunk buffer.
 */
export class LineReader {
  buf: Buffer = Buffer.alloc(0);
  lineFrom = 0;
  lineTo = 0;
  start = 0;
  /** byte offset just past the last complete line returned */
  endOffset: number;
  private fd: number | null = null;
  private size = 0;
  private pos: number;
  private chunk: Buffer = Buffer.alloc(0);
  private data: Buffer = Buffer.alloc(0);
  private base = 0;
  private i = 0;
  // a line cut by a chunk boundary, and the file offset where it starts
  private carry: Buffer = Buffer.alloc(0);
  private carryStart: number;
  private done = false;
  private readonly path: string;

  constructor(path: string, from = 0) {
    this.pos = from;
    this.endOffset = from;
    this.carryStart = from;
    this.path = path;
    this.fd = openLog(path) ?? null;
    if (this.fd === null) {
      this.done = true;
      return;
    }
    this.size = fstatSync(this.fd).size;
    this.chunk = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(0, this.size - from)));
  }

  /** bytes after the last `\n` (a torn write), once `next()` has returned false */
  get trailing(): Buffer | null {
    return this.carry.length ? this.carry : null;
  }

  next(): boolean {
    for (;;) {
      if (this.i < this.data.length) {
        const nl = this.data.indexOf(10, this.i);
        if (nl !== -1) {
          if (this.carry.length) {
            const line = Buffer.concat([this.carry, this.data.subarray(this.i, nl)]);
            this.set(line, 0, line.length, this.carryStart);
            this.carry = Buffer.alloc(0);
          } else this.set(this.data, this.i, nl, this.base + this.i);
          this.i = nl + 1;
          this.endOffset = this.base + this.i;
          return true;
        }
        const rest = this.data.subarray(this.i);
        if (this.carry.length + rest.length > MAX_LINE) throw new LineTooLong(this.path, this.carry.length ? this.carryStart : this.base + this.i);
        if (this.carry.length) this.carry = Buffer.concat([this.carry, rest]);
        else {
          this.carry = Buffer.from(rest);
          this.carryStart = this.base + this.i;
        }
        this.i = this.data.length;
      }
      if (this.done || this.fd === null || this.pos >= this.size) {
        this.close();
        return false;
      }
      const n = readSync(this.fd, this.chunk, 0, Math.min(this.chunk.length, this.size - this.pos), this.pos);
      if (n <= 0) {
        this.close();
        return false;
      }
      this.base = this.pos;
      this.pos += n;
      this.data = this.chunk.subarray(0, n);
      this.i = 0;
    }
  }

  close(): void {
    this.done = true;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private set(buf: Buffer, from: number, to: number, start: number) {
    if (to - from > MAX_LINE) throw new LineTooLong(this.path, start);
    this.buf = buf;
    this.lineFrom = from;
    this.lineTo = to > from && buf[to - 1] === CR ? to - 1 : to;
    this.start = start;
  }
}

/** Calls onLine for each complete line from `from` on (see LineReader); stops early if it returns false. */
export const scanLines = (path: string, from: number, onLine: (buf: Buffer, lineFrom: number, lineTo: number, start: number) => boolean | void): LineScan => {
  const r = new LineReader(path, from);
  try {
    while (r.next()) if (onLine(r.buf, r.lineFrom, r.lineTo, r.start) === false) return { endOffset: r.endOffset, trailing: null };
    return { endOffset: r.endOffset, trailing: r.trailing };
  } finally {
    r.close();
  }
};

/** The bytes of [from, to) of a file. */
export const readRange = (path: string, from: number, to: number): Buffer => {
  const buf = Buffer.alloc(Math.max(0, to - from));
  const fd = openLog(path);
  if (fd === undefined) throw Object.assign(new Error(`${path} is not a regular file`), { code: "ENOENT" });
  try {
    let off = 0;
    while (off < buf.length) {
      const n = readSync(fd, buf, off, buf.length - off, from + off);
      if (n <= 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
};

/**
 * The last `n` complete lines of a file (and a compacted file's header line), read backwards in
 * 64 KiB blocks, each byte looked at once. A line longer than MAX_LINE ends the look back.
 */
export const lastLines = (path: string, n: number, withHeader: boolean): { lines: string[]; header?: string } => {
  const fd = openLog(path);
  if (fd === undefined) return { lines: [] };
  try {
    const size = fstatSync(fd).size;
    // newest first; one more than asked, in case the header is among them
    const found: Buffer[] = [];
    // the start of the line whose end was already read: bytes before the first newline seen
    let partial = Buffer.alloc(0);
    let pos = size;
    // the bytes after the file's last newline are a torn write (or nothing): not an event
    let torn = true;
    while (pos > 0 && found.length <= n) {
      const len = Math.min(1 << 16, pos);
      pos -= len;
      const block = Buffer.alloc(len);
      readSync(fd, block, 0, len, pos);
      let end = len;
      for (let i = len - 1; i >= 0 && found.length <= n; i--) {
        if (block[i] !== 10) continue;
        if (torn) torn = false;
        else found.push(end === len ? Buffer.concat([block.subarray(i + 1), partial]) : block.subarray(i + 1, end));
        end = i;
      }
      partial = end === len ? Buffer.concat([block, partial]) : block.subarray(0, end);
      if (partial.length > MAX_LINE) break;
    }
    const atStart = pos === 0 && found.length <= n && partial.length <= MAX_LINE;
    if (atStart && !torn && partial.length > 0) found.push(partial);
    // the header is the file's first line: dropped from the lines when they reach it
    if (withHeader && atStart && !torn) found.pop();
    let header: string | undefined;
    if (withHeader) {
      const first = Buffer.alloc(Math.min(size, 1 << 16));
      readSync(fd, first, 0, first.length, 0);
      const nl = first.indexOf(10);
      header = stripCr(first.subarray(0, nl === -1 ? first.length : nl)).toString("utf8");
    }
    return { lines: found.slice(0, n).reverse().map((b) => stripCr(b).toString("utf8")), ...(header !== undefined ? { header } : {}) };
  } finally {
    closeSync(fd);
  }
};

const stripCr = (b: Buffer): Buffer => (b.length > 0 && b[b.length - 1] === CR ? b.subarray(0, -1) : b);
