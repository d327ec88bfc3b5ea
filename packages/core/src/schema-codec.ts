// The Schema side of events: the envelope's schema and, per stream, a codec built from its
// table of event definitions (one schema per type, declared once). Reads reach this module
// only for a line their guards cannot vouch for (codec.ts); writes load it to encode.
import * as Either from "effect/Either";
import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";
import type { EventOf, Envelope, Recorded } from "./envelope.js";
import { CorruptStore, InvalidInput } from "./errors.js";

export const EnvelopeSchema = Schema.Struct({
  seq: Schema.Int.pipe(Schema.positive()),
  id: Schema.String,
  type: Schema.String,
  v: Schema.Int.pipe(Schema.positive()),
  at: Schema.String,
  actor: Schema.String,
  prev: Schema.String,
  /** absent on lines written before segments: their clock is their seq */
  clock: Schema.optional(Schema.Int.pipe(Schema.positive())),
  /** the tips of other segments this writer had folded and no segment had recorded yet */
  seen: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Struct({ seq: Schema.Int.pipe(Schema.positive()), hash: Schema.String }) })),
  data: Schema.Unknown,
});

/** Upcasts data written by an older version of an event type to the current one. */
export type Upcaster = (data: unknown) => unknown;

export interface EventDef {
  readonly v: number;
  readonly data: Schema.Schema<any, any, never>;
  /** keyed by the old version number */
  readonly upcast?: Readonly<Record<number, Upcaster>>;
}

/** One readable line for a schema failure: `path.to.field: message`. */
export const formatParseError = (e: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(e);
  const first = issues[0];
  if (!first) return e.message;
  const path = first.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
  return path ? `${path}: ${first.message}` : first.message;
};

const decodeEnvelopeSchema = Schema.decodeUnknownEither(EnvelopeSchema);

/** Decodes a parsed log line as an envelope, or says why it is not one. */
export const decodeEnvelope = (u: unknown): Either.Either<Envelope, string> => Either.mapLeft(decodeEnvelopeSchema(u), formatParseError);

/** Builds decode/encode for a table of event definitions. */
export const makeCodec = <Defs extends Record<string, EventDef>>(streamName: string, defs: Defs) => {
  type E = EventOf<Defs>;
  const decoders = new Map<string, { v: number; decode: (u: unknown) => Either.Either<unknown, ParseResult.ParseError>; upcast: Readonly<Record<number, Upcaster>> }>();
  const encoders = new Map<string, (u: unknown) => unknown>();
  for (const [type, def] of Object.entries(defs)) {
    decoders.set(type, { v: def.v, decode: Schema.decodeUnknownEither(def.data), upcast: def.upcast ?? {} });
    encoders.set(type, Schema.encodeSync(def.data));
  }
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
    return Either.match(d.decode(data), {
      onLeft: (e) => Either.left(`${env.type}: ${formatParseError(e)}`),
      onRight: (decoded) => Either.right({ type: env.type, data: decoded, seq: env.seq, id: env.id, at: env.at, actor: env.actor, clock: env.clock ?? env.seq, segment: "", pos: env.seq } as unknown as Recorded<E>),
    });
  };
  const encode = (event: E) => {
    const enc = encoders.get(event.type);
    const d = decoders.get(event.type);
    if (!enc || !d) throw new CorruptStore({ condition: "UnknownEventType", message: `cannot encode unknown event type ${event.type}` });
    try {
      return { v: d.v, data: enc(event.data) };
    } catch (e) {
      // a value no check before caught: refused whole, naming the field, before any byte is written
      if (ParseResult.isParseError(e)) throw new InvalidInput({ condition: "InvalidValue", message: `invalid input: ${formatParseError(e)}` });
      throw e;
    }
  };
  return { decode, encode };
};
