// The event envelope of DESIGN.md §3 and the contract every stream kind fulfils: a codec for
// its event data, an initial state and a pure evolve. Stores and engines are generic over it.
import * as Either from "effect/Either";
import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";
import { CorruptStore } from "./errors.js";
import { compileGuard, type Guard } from "./guard.js";

export const Envelope = Schema.Struct({
  seq: Schema.Int.pipe(Schema.positive()),
  id: Schema.String,
  type: Schema.String,
  v: Schema.Int.pipe(Schema.positive()),
  at: Schema.String,
  actor: Schema.String,
  prev: Schema.String,
  data: Schema.Unknown,
});
export type Envelope = typeof Envelope.Type;

/** A domain event before the store gives it a place in a stream. */
export interface NewEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}

/** A domain event as recorded: typed data plus the envelope fields evolve may read. */
export type Recorded<E extends NewEvent> = E & {
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly actor: string;
};

/** Upcasts data written by an older version of an event type to the current one. */
export type Upcaster = (data: unknown) => unknown;

export interface EventDef {
  readonly v: number;
  readonly data: Schema.Schema<any, any, never>;
  /** keyed by the old version number */
  readonly upcast?: Readonly<Record<number, Upcaster>>;
}

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
  readonly decode: (env: Envelope) => Either.Either<Recorded<E>, string>;
  readonly encode: (event: E) => { readonly v: number; readonly data: unknown };
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

const decodeEnvelope = Schema.decodeUnknownEither(Envelope);
const isEnvelope = compileGuard(Envelope.ast)!;

/** Parses one log line into an envelope, or says why it is not one. */
export const parseEnvelope = (line: string): Either.Either<Envelope, string> => {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return Either.left("not valid JSON");
  }
  return isEnvelope(raw) ? Either.right(raw as Envelope) : Either.mapLeft(decodeEnvelope(raw), (e) => formatParseError(e));
};

/** One readable line for a schema failure: `path.to.field: message`. */
export const formatParseError = (e: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(e);
  const first = issues[0];
  if (!first) return e.message;
  const path = first.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  return path ? `${path}: ${first.message}` : first.message;
};

/** Builds decode/encode for a table of event definitions (one schema per type, declared once). */
export const makeCodec = <Defs extends Record<string, EventDef>>(streamName: string, defs: Defs) => {
  const decoders = new Map<
    string,
    { v: number; decode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>; guard: Guard | null; upcast: Readonly<Record<number, Upcaster>> }
  >();
  const encoders = new Map<string, (u: unknown) => unknown>();
  for (const [type, def] of Object.entries(defs)) {
    decoders.set(type, { v: def.v, decode: Schema.decodeUnknownEither(def.data), guard: compileGuard(def.data.ast), upcast: def.upcast ?? {} });
    encoders.set(type, Schema.encodeSync(def.data));
  }
  type E = EventOf<Defs>;
  const decode = (env: Envelope): Either.Either<Recorded<E>, string> => {
    const d = decoders.get(env.type);
    if (!d) return Either.left(`unknown event type "${env.type}" in the ${streamName} stream (this build of maestro does not know it; upgrade maestro)`);
    let data = env.data;
    if (env.v !== d.v) {
      if (env.v > d.v) return Either.left(`event type "${env.type}" v${env.v} is newer than this build knows (v${d.v}); upgrade maestro`);
      for (let v = env.v; v < d.v; v++) {
        const up = d.upcast[v];
        if (!up) return Either.left(`no upcaster for "${env.type}" v${v}`);
        data = up(data);
      }
    }
    const done = (decoded: unknown) => ({ type: env.type, data: decoded, seq: env.seq, id: env.id, at: env.at, actor: env.actor }) as unknown as Recorded<E>;
    if (d.guard?.(data)) return Either.right(done(data));
    return Either.match(d.decode(data), {
      onLeft: (e) => Either.left(`${env.type}: ${formatParseError(e)}`),
      onRight: (decoded) => Either.right(done(decoded)),
    });
  };
  const encode = (event: E) => {
    const enc = encoders.get(event.type);
    const d = decoders.get(event.type);
    if (!enc || !d) throw new CorruptStore({ message: `cannot encode unknown event type ${event.type}` });
    return { v: d.v, data: enc(event.data) };
  };
  return { decode, encode, types: Object.keys(defs) };
};
