// Reads a JSONL file as byte-exact lines in fixed-size chunks, so a log of any size is read
// without holding it whole in memory. Offsets are in bytes, which is what caches and
// truncation need. One chunk buffer is reused for the whole file: touching fresh memory is
// what reading costs most on a VM (a new 4 MiB buffer per chunk made reads ~8x slower). Every
// reader of a log (fold, verify, compaction, bundle import's check, and the tail that status
// and Mission Control show) splits on byte 10 here and decodes a line's bytes once.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const CHUNK = 1 << 20;

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

  constructor(path: string, from = 0) {
    this.pos = from;
    this.endOffset = from;
    this.carryStart = from;
    try {
      this.fd = openSync(path, "r");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
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
    this.buf = buf;
    this.lineFrom = from;
    this.lineTo = to;
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
  const fd = openSync(path, "r");
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

/** The last `n` complete lines of a file (and a compacted file's header line), read backwards. */
export const lastLines = (path: string, n: number, withHeader: boolean): { lines: string[]; header?: string } => {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return { lines: [] };
  }
  try {
    const size = fstatSync(fd).size;
    let pos = size;
    let buf = Buffer.alloc(0);
    let lines: Buffer[] = [];
    // read 64 KiB blocks backwards until n complete lines are in hand
    while (pos > 0 && lines.length <= n + 1) {
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
      lines = parts;
    }
    // the last chunk without a newline is a torn write: not an event
    const complete = size > 0 && buf[buf.length - 1] !== 10 ? lines.slice(0, -1) : lines;
    let header: string | undefined;
    if (withHeader) {
      const first = Buffer.alloc(Math.min(size, 1 << 16));
      readSync(fd, first, 0, first.length, 0);
      const nl = first.indexOf(10);
      header = first.toString("utf8", 0, nl === -1 ? first.length : nl);
      if (pos === 0 && complete.length > 0) complete.shift();
    }
    return { lines: complete.slice(-n).map((b) => b.toString("utf8")), ...(header !== undefined ? { header } : {}) };
  } finally {
    closeSync(fd);
  }
};
