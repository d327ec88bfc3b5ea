// The Schema side of events: the envelope's schema and, per stream, a codec built from its
// table of event definitions (one schema per type, declared once). Reads reach this module
// only for a line their guards cannot vouch for (codec.ts); writes load it to encode.
import * as Either from "effect/Either";
import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";
import type { EventDef, EventOf, Envelope, Recorded, Upcaster } from "./envelope.js";
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

// (the Envelope interface and this Schema describe one shape: each must be the other)
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _envelopeIsItsSchema: Same<Envelope, typeof EnvelopeSchema.Type> = true;
void _envelopeIsItsSchema;

/** One readable line for a schema failure: `path.to.field: message`. */
/** How many of a file's problems are said at once (each at its own path). */
const SAID_AT_ONCE = 3;

/** A Schema error in words: each path that failed (up to a few), as a person would say it. */
export const formatParseError = (e: ParseResult.ParseError): string => {
  const all = ParseResult.ArrayFormatter.formatErrorSync(e);
  if (!all.length) return e.message;
  // (an optional field fails as "X | undefined": the undefined side says nothing where X said why)
  const under = (o: (typeof all)[number], i: (typeof all)[number]) => o !== i && i.path.every((p, k) => o.path[k] === p);
  const issues = all.filter((i) => !(/^Expected undefined, actual/.test(i.message) && all.some((o) => under(o, i))));
  const byPath = new Map<string, typeof issues>();
  for (const i of issues) {
    const path = i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "");
    byPath.set(path, [...(byPath.get(path) ?? []), i]);
  }
  const said = [...byPath].map(([path, same]) => {
    // (a union of literals fails once per member, all at one path: say them as one list)
    const literals = same.map((i) => /^Expected ("[^"]*"), actual ([\s\S]+)$/.exec(i.message));
    const words = same.length > 1 && literals.every(Boolean) ? `must be one of ${literals.map((m) => m![1]!.slice(1, -1)).join(", ")}, got ${actualInWords(literals[0]![2]!)}` : inWords(same[0]!.message);
    // ("tasks[0].priority must be one of ..." reads as a sentence; a filter's own message follows a colon)
    return !path ? words : words !== same[0]!.message ? `${path} ${words}` : `${path}: ${words}`;
  });
  return said.slice(0, SAID_AT_ONCE).join("; ") + (said.length > SAID_AT_ONCE ? `; and ${said.length - SAID_AT_ONCE} more` : "");
};

/** What a Schema type says it expects, in words: `"P0" | "P1"` is one of P0, P1. */
const expectedInWords = (t: string): string => {
  if (/^"[^"]*"( \| "[^"]*")+$/.test(t)) return `one of ${t.split(" | ").map((x) => x.slice(1, -1)).join(", ")}`;
  if (/^"[^"]*"$/.test(t)) return t;
  const simple: Record<string, string> = { string: "text", number: "a number", boolean: "true or false", Int: "a whole number", "ReadonlyArray<string>": "a list of strings" };
  if (simple[t]) return simple[t]!;
  if (/^ReadonlyArray<.*>$/s.test(t)) return "a list";
  if (/^\{.*\}$/s.test(t) || /^Struct \(/.test(t)) return "an object";
  return t;
};
const actualInWords = (a: string): string => (a.startsWith("[") ? "a list" : a.startsWith("{") ? "an object" : a.length > 40 ? `${a.slice(0, 39)}…` : a);

/** A Schema issue's message as a person would say it ("must be one of P0, P1, got "P9""), not Schema's own notation. */
const inWords = (message: string): string => {
  const typed = /^Expected ([\s\S]+), actual ([\s\S]+)$/.exec(message);
  if (typed) return `must be ${expectedInWords(typed[1]!)}, got ${actualInWords(typed[2]!)}`;
  if (message === "is missing") return "is required";
  const unexpected = /^is unexpected, expected: ([\s\S]+)$/.exec(message);
  if (unexpected) return `is not a field here (fields: ${unexpected[1]!.split(" | ").map((x) => x.replace(/^"|"$/g, "")).join(", ")})`;
  return message;
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
