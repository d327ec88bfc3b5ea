// A guard may only say "this value is its own decoding" when Schema decode agrees: checked
// for every event type of every stream and the envelope, on valid values drawn from the
// schema itself and on values broken in random ways. And the guards reads use are the ones
// the Schemas describe today (guards.generated.ts is not stale).
// (effect's own fast-check, which its Arbitrary builds on)
import { Arbitrary, Either, FastCheck as fc, Schema } from "effect";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileGuard, CONFIG_SCHEMAS, EnvelopeSchema, HandoffEventDefs, MemoryEventDefs, MissionEventDefs, PrincipleEventDefs, specOf, TaskEventDefs } from "@maestro/core";
import { guardsSource } from "@maestro/core/guards-source";

const schemas: [string, Schema.Schema<any, any, never>][] = [
  ["Envelope", EnvelopeSchema],
  ...[MissionEventDefs, TaskEventDefs, HandoffEventDefs, PrincipleEventDefs, MemoryEventDefs].flatMap((defs) =>
    Object.entries(defs).map(([type, def]): [string, Schema.Schema<any, any, never>] => [type, def.data]),
  ),
  ...Object.entries(CONFIG_SCHEMAS).map(([key, s]): [string, Schema.Schema<any, any, never>] => [`config ${key}`, s]),
];

/** Values the guard leaves to decode by design: an undefined (JSON drops the key) or a "__proto__" key. */
const unusual = (v: unknown): boolean =>
  v === undefined || (v !== null && typeof v === "object" && (Object.hasOwn(v, "__proto__") || Object.values(v).some(unusual)));

/** A value with one part replaced, removed, or an extra key added, somewhere inside it. */
const broken = (v: unknown): fc.Arbitrary<unknown> =>
  fc.tuple(fc.nat(), fc.nat(), fc.jsonValue({ maxDepth: 1 })).map(([where, how, junk]) => {
    const copy = JSON.parse(JSON.stringify(v)) as unknown;
    const holders: (Record<string, unknown> | unknown[])[] = [];
    const walk = (x: unknown) => {
      if (x !== null && typeof x === "object") {
        holders.push(x as Record<string, unknown>);
        Object.values(x).forEach(walk);
      }
    };
    walk(copy);
    if (!holders.length) return junk;
    const h = holders[where % holders.length]!;
    if (Array.isArray(h)) {
      if (how % 3 === 0 && h.length) h[how % h.length] = junk;
      else if (how % 3 === 1 && h.length) h.splice(how % h.length, 1);
      else h.push(junk);
    } else {
      const keys = Object.keys(h);
      if (how % 3 === 0 && keys.length) h[keys[how % keys.length]!] = junk;
      else if (how % 3 === 1 && keys.length) delete h[keys[how % keys.length]!];
      else h[`extra${how}`] = junk;
    }
    return copy;
  });

describe("compiled guards", () => {
  for (const [name, schema] of schemas) {
    const spec = specOf(schema.ast);
    if (!spec) continue;
    const guard = compileGuard(spec);
    const decode = Schema.decodeUnknownEither(schema);
    it(`${name}: accepts what the schema makes, and only what decodes to itself`, () => {
      // as a log line holds them: through JSON (which turns NaN into null, so keep what still decodes)
      const valid = Arbitrary.make(schema)
        .filter((v) => !unusual(v))
        .map((v) => JSON.parse(JSON.stringify(v)) as unknown)
        .filter((v) => Either.isRight(decode(v)));
      fc.assert(
        fc.property(valid, (v) => {
          expect(guard(v)).toBe(true);
          expect(Either.getOrThrow(decode(v))).toEqual(v);
        }),
        { numRuns: 100 },
      );
      fc.assert(
        fc.property(valid.chain(broken), (u) => {
          const d = decode(u);
          // (through JSON, as a log line is: -0 and 0 are the same there)
          if (guard(u)) expect(JSON.parse(JSON.stringify(Either.getOrUndefined(d)))).toEqual(JSON.parse(JSON.stringify(u)));
          if (Either.isLeft(d)) expect(guard(u)).toBe(false);
        }),
        { numRuns: 200 },
      );
    });
  }

  it("covers the envelope, every event type and every config value, so reading valid ones needs no Schema", () => {
    expect(schemas.filter(([, s]) => specOf(s.ast) === null).map(([n]) => n)).toEqual([]);
  });

  it("are what guards.generated.ts holds (`pnpm build` writes it)", () => {
    expect(readFileSync(new URL("../src/guards.generated.ts", import.meta.url), "utf8")).toBe(guardsSource());
  });
});
