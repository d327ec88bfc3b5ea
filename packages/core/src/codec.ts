// Decoding log lines without loading effect's Schema. Each line is checked by a guard built
// from the generated description of its schema (guards.generated.ts); a line that passes is
// its own decoded value. A line that does not (corrupt, hand-edited, an older version, a
// value decoding would change) needs the Schema codec. That is loaded on demand: a write
// loads every codec first (`loadCodecs`), and a sync read that meets such a line
// before its codec is loaded throws `CodecNeeded`; `withCodecs` runs such a read, loads what
// it asked for and runs the read again (only the read: it writes nothing). The store's reads
// go through it, so no command is ever run twice.
import * as Either from "effect/Either";
import type { Envelope, NewEvent, Recorded, SchemaCodec, StreamCodec } from "./envelope.js";
import { compileGuard, type Guard } from "./guard.js";
import { ENVELOPE_GUARD, EVENT_GUARDS } from "./guards.generated.js";

/** Every stream codec's loader, to load them all before a write. */
const loaders = new Set<() => Promise<void>>();

/**
 * Loads the Schema codec of every stream kind this process has loaded: an append calls it
 * first (it encodes, and folds under its lock), as does a long-running reader.
 */
export const loadCodecs = async (): Promise<void> => {
  await Promise.all([...loaders].map((load) => load()));
};

/** A read needs a Schema codec that is not loaded yet: await `load()`, then read again. */
export class CodecNeeded extends Error {
  constructor(
    what: string,
    readonly load: () => Promise<void>,
  ) {
    super(`the ${what} codec is not loaded`);
  }
}

/** Runs a sync read that may need Schema codecs: each one it asks for is loaded (once) and the read run again. */
export const withCodecs = async <A>(read: () => A): Promise<A> => {
  const loaded = new Set<() => Promise<void>>();
  for (;;)
    try {
      return read();
    } catch (e) {
      if (!(e instanceof CodecNeeded) || loaded.has(e.load)) throw e;
      loaded.add(e.load);
      await e.load();
    }
};

let envelopeDecoder: ((u: unknown) => Either.Either<Envelope, string>) | undefined;
const loadEnvelope = async () => {
  envelopeDecoder ??= (await import("./schema-codec.js")).decodeEnvelope;
};
// (compiled on first use, like the stream guards below)
let isEnvelope: Guard | undefined;

/** Parses one log line into an envelope, or says why it is not one. */
export const parseEnvelope = (line: string): Either.Either<Envelope, string> => {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return Either.left("not valid JSON");
  }
  if ((isEnvelope ??= compileGuard(ENVELOPE_GUARD))(raw)) return Either.right(raw as Envelope);
  if (!envelopeDecoder) throw new CodecNeeded("envelope", loadEnvelope);
  return envelopeDecoder(raw);
};

/** The codec of one stream: its generated guards first, its Schema codec (loaded by `load`) for the rest. */
export const streamCodec = <E extends NewEvent>(stream: string, load: () => Promise<SchemaCodec<E>>): StreamCodec<E> => {
  // compiled on the first decode (the guards generator itself loads every stream kind)
  let guards: Map<string, { v: number; guard: Guard | null }> | undefined;
  const guardsOf = () => {
    const table = EVENT_GUARDS[stream];
    if (!table) throw new Error(`no generated guards for the ${stream} stream; run \`pnpm build\``);
    return new Map(Object.entries(table).map(([type, g]) => [type, { v: g.v, guard: g.spec === null ? null : compileGuard(g.spec) }]));
  };
  let schema: SchemaCodec<E> | undefined;
  const loadSchema = async () => {
    await loadEnvelope();
    schema ??= await load();
  };
  loaders.add(loadSchema);
  const full = (): SchemaCodec<E> => {
    if (!schema) throw new CodecNeeded(stream, loadSchema);
    return schema;
  };
  return {
    decode: (env) => {
      const g = (guards ??= guardsOf()).get(env.type);
      if (g?.guard && g.v === env.v && g.guard(env.data))
        return Either.right({ type: env.type, data: env.data, seq: env.seq, id: env.id, at: env.at, actor: env.actor, clock: env.clock ?? env.seq, segment: "", pos: env.seq } as unknown as Recorded<E>);
      return full().decode(env);
    },
    encode: (event) => full().encode(event),
    load: loadSchema,
  };
};
