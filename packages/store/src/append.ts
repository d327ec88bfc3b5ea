// The append protocol of DESIGN.md §4, over segments: decide against an optimistic read, then
// under the stream's lock fold what others appended since and, if anything was, decide again
// (decide is pure, so this is safe). The event goes to this clone's own segment (writer.ts),
// chained to that segment's last line, with a Lamport clock past everything folded and the
// other segments' tips it saw that nothing recorded yet; a command's events share that clock,
// so they fold together. A torn tail of that segment is moved to `<segment>.quarantine` first.
// A command's events go out in one write, then fsync.
import { appendFileSync, closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, rmSync, statSync, writeSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import * as Either from "effect/Either";
import { loadCodecs } from "@maestro/core/codec";
import { draftOf, type NewEvent, type Recorded } from "@maestro/core/envelope";
import { Conflict, CorruptStore, type DomainError } from "@maestro/core/errors";
import { lineHash } from "./hash.js";
import { withLock } from "./lock.js";
import { CACHE_REFRESH, foldStream, tipHash, type FileMark, type Folded, type SegmentTip, type StreamRef, type Torn } from "./stream.js";
import { writeCache } from "./cache.js";
import { isTracked, pickSegment, type Picked } from "./writer.js";
import { MAX_CLOCK } from "./segments.js";
import { positionOf, type LogPosition } from "./view.js";

export interface AppendMeta {
  readonly actor: string;
  readonly now: () => string;
  readonly newEventId: () => string;
  /** a short random lowercase name: a new segment's, and this clone's replica id */
  readonly randomName: () => string;
  /** told about repairs made on the way (quarantined tails) */
  readonly warn?: (message: string) => void;
}

export interface Appended<S, E extends NewEvent> {
  readonly before: Folded<S, E>;
  readonly events: Recorded<E>[];
  readonly state: S;
  /** where the stream ended once this append was written: what `state` is the fold of */
  readonly at: LogPosition;
}

export type Decider<S, E extends NewEvent> = (folded: Folded<S, E>) => Either.Either<E[], DomainError>;

const orThrow = <A>(r: Either.Either<A, DomainError>): A => {
  if (Either.isLeft(r)) throw r.left;
  return r.right;
};

/** The other segments' tips that no event has recorded seeing yet: what the next event saw. */
const unseenTips = (f: Folded<unknown, NewEvent>, own: string): Record<string, { seq: number; hash: string }> | undefined => {
  let seen: Record<string, { seq: number; hash: string }> | undefined;
  for (const [s, tip] of Object.entries(f.segments)) if (s !== own && tip.seq > (f.covered[s] ?? 0)) (seen ??= {})[s] = { seq: tip.seq, hash: tipHash(tip) };
  return seen;
};

/** Thrown under the lock when what the append folded is no longer what it would write after: it starts over. */
class Moved extends Error {}

/** How many times an append starts over when its lock or its segment's tip moved under it. */
const ATTEMPTS = 5;

export const appendEvents = async <S, E extends NewEvent>(ref: StreamRef<S, E>, decide: Decider<S, E>, meta: AppendMeta): Promise<Appended<S, E>> => {
  // encoding needs the Schema codec, and so may any line of the reads below
  await loadCodecs();
  for (let attempt = 1; ; attempt++) {
    try {
      return await appendOnce(ref, decide, meta);
    } catch (e) {
      if (!(e instanceof Moved) || attempt >= ATTEMPTS) throw e instanceof Moved ? new Conflict({ condition: "LockUnavailable", message: `${ref.label}: ${e.message}, ${ATTEMPTS} times; try again` }) : e;
    }
  }
};

const appendOnce = async <S, E extends NewEvent>(ref: StreamRef<S, E>, decide: Decider<S, E>, meta: AppendMeta): Promise<Appended<S, E>> => {
  const optimistic = foldStream(ref);
  const first = orThrow(decide(optimistic));
  if (first.length === 0) return { before: optimistic, events: [], state: optimistic.state, at: positionOf(optimistic) };
  const fresh = !existsSync(ref.dir);
  mkdirSync(ref.dir, { recursive: true });
  mkdirSync(dirname(ref.lockPath), { recursive: true });
  return withLock(ref.lockPath, ref.label, (stillHeld) => {
    let before = optimistic;
    let decided = first;
    const now = foldStream(ref, { from: optimistic });
    if (now.seq !== optimistic.seq || now.last?.clock !== optimistic.last?.clock || now.last?.segment !== optimistic.last?.segment) {
      before = now;
      decided = orThrow(decide(now));
      if (decided.length === 0) return { before, events: [], state: before.state, at: positionOf(before) };
    }
    // a torn tail is a write of this machine's that died; one in a file git tracks is not ours to cut
    for (const t of now.torn) if (!isTracked(ref.writer, t.path)) quarantine(ref, t, meta);
    const picked = pickSegment(ref.dir, ref.writer, meta.randomName);
    try {
      return writePicked(ref, meta, picked, before, decided, stillHeld, fresh);
    } finally {
      picked.release();
    }
  }, meta.warn);
};

/** Writes the decided events to the picked segment: the part of an append that holds git's index still. */
const writePicked = <S, E extends NewEvent>(ref: StreamRef<S, E>, meta: AppendMeta, picked: Picked, before: Folded<S, E>, decided: E[], stillHeld: () => boolean, fresh: boolean): Appended<S, E> => {
  const path = join(ref.dir, picked.name);
  const tip: SegmentTip | undefined = before.segments[picked.name];
  const time = meta.now();
  let prev = tip ? tipHash(tip) : "";
  let pos = tip?.seq ?? 0;
  // one clock for the command's events: they are one unit in fold order, before or after another writer's command, never between
  const clock = before.clock + 1;
  const seen = unseenTips(before, picked.name);
  let state = draftOf(ref.kind, before.state);
  const lines: string[] = [];
  const recorded: Recorded<E>[] = [];
  decided.forEach((event, i) => {
    const { v, data } = ref.kind.codec.encode(event);
    const id = meta.newEventId();
    pos++;
    const line = JSON.stringify({ seq: pos, id, type: event.type, v, at: time, actor: meta.actor, prev, clock, ...(i === 0 && seen ? { seen } : {}), data });
    prev = lineHash(line);
    lines.push(line + "\n");
    const r = { ...event, seq: before.seq + i + 1, id, at: time, actor: meta.actor, clock, segment: picked.name, pos } as Recorded<E>;
    recorded.push(r);
    state = ref.kind.evolve(state, r);
  });
  // (the reader refuses a clock past the bound: this clone never writes what it would refuse)
  if (clock > MAX_CLOCK) throw new CorruptStore({ condition: "StreamCorrupt", message: `${ref.label}: its clock has reached ${before.clock}, past which no clone can count; a segment brought in with a clock that high is hostile: \`maestro log verify\` names it`, stream: ref.label });
  const bytes = Buffer.from(lines.join(""), "utf8");
  // the last look before writing: the lock is still ours and the segment ends where the fold read it
  if (!stillHeld()) throw new Moved("the stream's lock was taken over while this command held it");
  if (sizeOf(path) !== (before.files[path]?.offset ?? 0)) throw new Moved(`${picked.name} changed while this command held the lock`);
  // the pick is kept first, so a write that dies halfway is found and mended by the next one
  picked.commit();
  const offset = writeAll(path, bytes);
  if (fresh) fsyncDir(dirname(ref.dir));
  if (!tip) fsyncDir(ref.dir);
  const seq = before.seq + recorded.length;
  const end = offset + bytes.length;
  const lastLineStart = end - Buffer.byteLength(lines.at(-1)!);
  const files: Record<string, FileMark> = { ...before.files, [path]: { offset: end, lastLineStart } };
  const segments = { ...before.segments, [picked.name]: { seq: pos, clock, path, lineStart: lastLineStart, lineEnd: end - 1, compacted: false } };
  const covered = { ...before.covered };
  for (const [s, t] of Object.entries(seen ?? {})) covered[s] = Math.max(covered[s] ?? 0, t.seq);
  const point = { state, seq, clock, last: { clock, segment: picked.name }, segments, covered, files };
  if (ref.cachePath && seq - before.cacheSeq >= CACHE_REFRESH) writeCache(ref.cachePath, ref.kind, point);
  return { before, events: recorded, state, at: positionOf(point) };
};

const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/** Appends the bytes in one write and fsyncs; returns the offset they start at. */
const writeAll = (path: string, buf: Buffer): number => {
  const fd = openSync(path, "a");
  let offset = -1;
  try {
    offset = fstatSync(fd).size;
    // one write(2) on an O_APPEND fd: the command's lines land together, never interleaved
    let off = writeSync(fd, buf, 0, buf.length);
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
    return offset;
  } catch (e) {
    // a segment this write created and could not fill is left as nothing, not as an empty file
    if (offset === 0 && fstatSync(fd).size === 0) rmSync(path, { force: true });
    throw e;
  } finally {
    closeSync(fd);
  }
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

/** Moves a torn tail to `<segment>.quarantine` and truncates it off the file. Caller holds the lock. */
export const quarantine = (ref: { label: string }, torn: Torn, meta: Pick<AppendMeta, "warn">) => {
  const q = `${torn.path}.quarantine`;
  appendFileSync(q, Buffer.concat([torn.bytes, Buffer.from(torn.bytes[torn.bytes.length - 1] === 10 ? "" : "\n")]));
  const fd = openSync(torn.path, "r+");
  try {
    ftruncateSync(fd, torn.offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  meta.warn?.(`${ref.label}: moved a torn last line (${torn.bytes.length} bytes) to ${q}`);
};

/** `doctor --repair`: quarantines every torn tail of the stream now, under the lock, without appending. */
export const repairTornTail = async <S, E extends NewEvent>(ref: StreamRef<S, E>, warn?: (m: string) => void): Promise<number> =>
  withLock(ref.lockPath, ref.label, () => {
    const f = foldStream(ref, { noCache: true });
    for (const t of f.torn) quarantine(ref, t, warn ? { warn } : {});
    return f.torn.reduce((n, t) => n + t.bytes.length, 0);
  });
