// The append protocol of DESIGN.md §4: decide against an optimistic read, then under the
// stream's lock check that nobody appended since (expected seq); if someone did, fold again
// and re-decide (decide is pure, so this is safe). A torn tail is moved to
// `<stream>.quarantine` first. A command's events go out in one write, then fsync.
import { appendFileSync, closeSync, fsyncSync, ftruncateSync, mkdirSync, openSync, writeSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import * as Either from "effect/Either";
import { loadCodecsForWrite } from "@maestro/core/codec";
import { draftOf, type NewEvent, type Recorded } from "@maestro/core/envelope";
import type { DomainError } from "@maestro/core/errors";
import { lineHash } from "./hash.js";
import { withLock } from "./lock.js";
import { CACHE_REFRESH, foldStream, type Folded, type StreamRef } from "./stream.js";
import { writeCache } from "./cache.js";
import { positionOf, type LogPosition } from "./view.js";

export interface AppendMeta {
  readonly actor: string;
  readonly now: () => string;
  readonly newEventId: () => string;
  /** told about repairs made on the way (quarantined tails) */
  readonly warn?: (message: string) => void;
}

export interface Appended<S, E extends NewEvent> {
  readonly before: Folded<S, E>;
  readonly events: Recorded<E>[];
  readonly state: S;
  /** where the log ended once this append was written: what `state` is the fold of */
  readonly at: LogPosition;
}

export type Decider<S, E extends NewEvent> = (folded: Folded<S, E>) => Either.Either<E[], DomainError>;

const orThrow = <A>(r: Either.Either<A, DomainError>): A => {
  if (Either.isLeft(r)) throw r.left;
  return r.right;
};

export const appendEvents = async <S, E extends NewEvent>(ref: StreamRef<S, E>, decide: Decider<S, E>, meta: AppendMeta): Promise<Appended<S, E>> => {
  // encoding needs the Schema codec, and so may any line of the reads below
  await loadCodecsForWrite();
  const optimistic = foldStream(ref);
  const first = orThrow(decide(optimistic));
  if (first.length === 0) return { before: optimistic, events: [], state: optimistic.state, at: positionOf(optimistic) };
  const dir = dirname(ref.path);
  const fresh = !existsSync(dir);
  mkdirSync(dir, { recursive: true });
  return withLock(ref.path, ref.label, () => {
    let before = optimistic;
    let decided = first;
    const now = foldStream(ref, { from: optimistic });
    if (now.seq !== optimistic.seq || now.lastHash !== optimistic.lastHash) {
      before = now;
      decided = orThrow(decide(now));
      if (decided.length === 0) return { before, events: [], state: before.state, at: positionOf(before) };
    }
    if (now.torn) quarantine(ref, now.torn, meta);
    const time = meta.now();
    let prev = before.lastHash;
    let state = draftOf(ref.kind, before.state);
    const lines: string[] = [];
    const recorded: Recorded<E>[] = [];
    decided.forEach((event, i) => {
      const seq = before.seq + i + 1;
      const { v, data } = ref.kind.codec.encode(event);
      const id = meta.newEventId();
      const line = JSON.stringify({ seq, id, type: event.type, v, at: time, actor: meta.actor, prev, data });
      prev = lineHash(line);
      lines.push(line + "\n");
      const r = { ...event, seq, id, at: time, actor: meta.actor } as Recorded<E>;
      recorded.push(r);
      state = ref.kind.evolve(state, r);
    });
    const bytes = Buffer.from(lines.join(""), "utf8");
    writeAll(ref.path, bytes);
    if (fresh) fsyncDir(dir);
    const seq = before.seq + recorded.length;
    const endOffset = before.endOffset + bytes.length;
    const end = { seq, endOffset, lastLineStart: endOffset - Buffer.byteLength(lines.at(-1)!), lastHash: prev };
    if (ref.cachePath && seq - before.cacheSeq >= CACHE_REFRESH) writeCache(ref.cachePath, ref.kind, { state, ...end });
    return { before, events: recorded, state, at: end };
  });
};

const writeAll = (path: string, buf: Buffer) => {
  const fd = openSync(path, "a");
  try {
    if (process.env["MAESTRO_FAULT"] === "die-mid-append") dieMidWrite(fd, buf);
    // one write(2) on an O_APPEND fd: the command's lines land together, never interleaved
    let off = writeSync(fd, buf, 0, buf.length);
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
};

/** Fault injection for crash tests: write part of the lines, then die as SIGKILL would leave it. */
const dieMidWrite = (fd: number, buf: Buffer): never => {
  writeSync(fd, buf, 0, Math.max(1, Math.floor(buf.length / 2)));
  fsyncSync(fd);
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable");
};

const fsyncDir = (dir: string) => {
  try {
    const fd = openSync(dir, "r");
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // not every platform can fsync a directory
  }
};

/** Moves a torn tail to `<stream>.quarantine` and truncates it off the log. Caller holds the lock. */
export const quarantine = (ref: { path: string; label: string }, torn: { offset: number; bytes: Buffer }, meta: AppendMeta) => {
  const q = `${ref.path}.quarantine`;
  appendFileSync(q, Buffer.concat([torn.bytes, Buffer.from(torn.bytes[torn.bytes.length - 1] === 10 ? "" : "\n")]));
  const fd = openSync(ref.path, "r+");
  try {
    ftruncateSync(fd, torn.offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  meta.warn?.(`${ref.label}: moved a torn last line (${torn.bytes.length} bytes) to ${q}`);
};

/** `doctor --repair`: quarantines a torn tail now, under the lock, without appending. */
export const repairTornTail = async <S, E extends NewEvent>(ref: StreamRef<S, E>, warn?: (m: string) => void): Promise<number> =>
  withLock(ref.path, ref.label, () => {
    const f = foldStream(ref, { noCache: true });
    if (!f.torn) return 0;
    quarantine(ref, f.torn, { actor: "", now: () => "", newEventId: () => "", ...(warn ? { warn } : {}) });
    return f.torn.bytes.length;
  });
