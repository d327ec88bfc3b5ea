// Reads a JSONL file as byte-exact lines in fixed-size chunks, so a log of any size is read
// without holding it whole in memory. Offsets are in bytes, which is what caches and
// truncation need. One chunk buffer is reused for the whole file: touching fresh memory is
// what reading costs most on a VM (a new 4 MiB buffer per chunk made reads ~8x slower).
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const CHUNK = 1 << 20;

export interface LineScan {
  /** byte offset just past the last `\n` */
  readonly endOffset: number;
  /** bytes after the last `\n` (a torn write), if any */
  readonly trailing: Buffer | null;
}

/**
 * Calls onLine for each complete line (without its `\n`) from `from` on, as the bytes
 * `buf[lineFrom, lineTo)` starting at file offset `start` (so a reader decodes the line in place,
 * with no Buffer object per line); stops early if it returns false. `buf` is reused: copy what
 * must outlive the call.
 */
export const scanLines = (path: string, from: number, onLine: (buf: Buffer, lineFrom: number, lineTo: number, start: number) => boolean | void): LineScan => {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { endOffset: 0, trailing: null };
    throw e;
  }
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(0, size - from)));
    let pos = from;
    // a line cut by a chunk boundary, and the file offset where it starts
    let carry: Buffer = Buffer.alloc(0);
    let carryStart = from;
    let endOffset = from;
    while (pos < size) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, size - pos), pos);
      if (n <= 0) break;
      const base = pos;
      pos += n;
      const buf = chunk.subarray(0, n);
      let i = 0;
      if (carry.length) {
        const nl = buf.indexOf(10);
        if (nl === -1) {
          carry = Buffer.concat([carry, buf]);
          continue;
        }
        const line = Buffer.concat([carry, buf.subarray(0, nl)]);
        if (onLine(line, 0, line.length, carryStart) === false) return { endOffset, trailing: null };
        i = nl + 1;
        endOffset = base + i;
        carry = Buffer.alloc(0);
      }
      for (let nl = buf.indexOf(10, i); nl !== -1; nl = buf.indexOf(10, i)) {
        if (onLine(buf, i, nl, base + i) === false) return { endOffset, trailing: null };
        i = nl + 1;
        endOffset = base + i;
      }
      carry = Buffer.from(buf.subarray(i));
      carryStart = base + i;
    }
    return { endOffset, trailing: carry.length ? carry : null };
  } finally {
    closeSync(fd);
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
