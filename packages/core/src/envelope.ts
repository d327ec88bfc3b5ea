// The event envelope of DESIGN.md §3 and the contract every stream kind fulfils: a codec for
// its event data, an initial state and an evolve. Stores and engines are generic over it.
// Types and folds only: reading a log must not load effect's Schema (see codec.ts). A leaf:
// it imports nothing of ours, and the codecs and Schemas build on it.
import type * as Either from "effect/Either";
import type * as Schema from "effect/Schema";

/** One log line as read (schema-codec.ts's EnvelopeSchema decodes exactly this). */
export interface Envelope {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly v: number;
  readonly at: string;
  readonly actor: string;
  readonly prev: string;
  /** absent on lines written before segments: their clock is their seq */
  readonly clock?: number | undefined;
  /** the tips of other segments this writer had folded and no segment had recorded yet */
  readonly seen?: { readonly [segment: string]: { readonly seq: number; readonly hash: string } } | undefined;
  readonly data: unknown;
}

/**
 * Version vectors (a checkpoint's, a mission's frontier) are keyed by replica, so they stay at
 * team size however many segments a clone writes: a segment named `<replica>-<name>.jsonl`
 * counts under its replica, by clock (a replica's clock only grows across its segments); any
 * other segment (from before replicas: `events.jsonl`, `tasks.jsonl`) under its own name, by
 * position. A vector written keyed by segment (before this) is read as it was meant.
 */
const REPLICA_SEGMENT = /^([a-z0-9]{4,32})-[^.]+\.jsonl$/;

/** The key and value a folded event sets in a version vector. */
export const vectorEntry = (segment: string, pos: number, clock: number): readonly [string, number] => {
  const m = REPLICA_SEGMENT.exec(segment);
  return m ? [m[1]!, clock] : [segment, pos];
};

/** Whether a version vector holds an event (by its segment, position and clock). */
export const vectorHolds = (vector: Readonly<Record<string, number>>, segment: string, pos: number, clock: number): boolean => {
  // (a vector keyed by segment: from before replicas, or an event's causal past)
  const bySegment = vector[segment];
  if (bySegment !== undefined) return pos <= bySegment;
  const [key, value] = vectorEntry(segment, pos, clock);
  return key !== segment && value <= (vector[key] ?? 0);
};

/** Upcasts data written by an older version of an event type to the current one. */
export type Upcaster = (data: unknown) => unknown;

/** An event type's Schema and version, declared once per type. */
export interface EventDef {
  readonly v: number;
  readonly data: Schema.Schema<any, any, never>;
  /** keyed by the old version number */
  readonly upcast?: Readonly<Record<number, Upcaster>>;
}

/** What the Schema codec of a stream does: decode any line (or say why not) and encode. */
export interface SchemaCodec<E extends NewEvent> {
  readonly decode: (env: Envelope) => Either.Either<Recorded<E>, string>;
  readonly encode: (event: E) => { readonly v: number; readonly data: unknown };
}

export interface StreamCodec<E extends NewEvent> extends SchemaCodec<E> {
  /** loads the Schema codec, after which nothing this codec does throws `CodecNeeded` */
  readonly load: () => Promise<void>;
}

/** A domain event before the store gives it a place in a stream. */
export interface NewEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/** A domain event as recorded: typed data plus the envelope fields evolve may read. */
export type Recorded<E extends NewEvent> = E & {
  /** 1-based position in the stream's fold order (a merge can shift it; ids never move) */
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  /** Lamport clock: 1 + the highest clock its writer had folded */
  readonly clock: number;
  /** the segment (one writer's file) it was written to, and its 1-based place there */
  readonly segment: string;
  readonly pos: number;
};

export type EventOf<Defs extends Record<string, EventDef>> = {
  [K in keyof Defs & string]: NewEvent<K, Schema.Schema.Type<Defs[K]["data"]>>;
}[keyof Defs & string];

export interface StreamKind<S, E extends NewEvent> {
  /** short name, used in messages and cache keys */
  readonly name: string;
  /** bump when the state shape or evolve changes, so stale snapshot caches are ignored */
  readonly stateVersion: number;
  readonly initial: S;
  /**
   * Applies one event. With `draft`, evolve works in place on a state the caller owns (made by
   * `draft`) and returns it; without, it is pure. Either way, call it through `foldEvents`.
   */
  readonly evolve: (state: S, event: Recorded<E>) => S;
  /**
   * A copy of a state that evolve may change: the containers evolve writes into (records,
   * arrays) are copied, anything deeper is shared and only ever replaced, never changed. So a
   * fold costs one copy, not one per event, and states handed out before stay as they were.
   */
  readonly draft?: (state: S) => S;
  readonly codec: StreamCodec<E>;
}

/** A copy of `state` that the kind's evolve may work on in place. */
export const draftOf = <S, E extends NewEvent>(kind: StreamKind<S, E>, state: S): S => (kind.draft ? kind.draft(state) : state);

/** The state after `events`, leaving `state` as it was. */
export const foldEvents = <S, E extends NewEvent>(kind: StreamKind<S, E>, state: S, events: Iterable<Recorded<E>>): S => {
  let s = draftOf(kind, state);
  for (const e of events) s = kind.evolve(s, e);
  return s;
};

/** An own entry of a record (a key like "constructor" names nothing). */
export const own = <V>(rec: Readonly<Record<string, V>>, key: string): V | undefined => (Object.hasOwn(rec, key) ? rec[key] : undefined);
