// Guards: "is this value already exactly what decoding it would give?". effect's decoder
// interprets a Schema's AST for every value, which costs more than parsing the JSON line it
// came from, and loading effect's Schema costs more than a small read command does in all. So
// the build describes each event schema (and config value schema) as plain data
// (guard-spec.ts -> guards.generated.ts) and reads compile that here into predicates, with no
// effect Schema at all. Most log lines are valid and need no transformation: a value that
// passes its guard is its own decoded value; the rest go through Schema decode (for the
// error message, extra keys, defaults).
import * as Either from "effect/Either";
import { parseDuration } from "./duration.js";

/** The schema id of maestro's duration filter (config-schema.ts), so guard-spec.ts can describe it. */
export const DurationSchemaId: unique symbol = Symbol.for("maestro/schema/Duration");

/** A filter of a refinement, by what it checks. */
export type Check =
  | { readonly int: true }
  | { readonly gt: number }
  | { readonly minLength: number }
  | { readonly minItems: number }
  | { readonly trimmed: true }
  | { readonly duration: true }
  | { readonly pattern: string; readonly flags: string };

export type GuardSpec =
  | "string"
  | "number"
  | "boolean"
  | "undefined"
  | "unknown"
  | { readonly literal: string | number | boolean | null }
  | { readonly of: GuardSpec; readonly check: Check }
  | { readonly anyOf: readonly GuardSpec[] }
  | { readonly items: readonly { readonly spec: GuardSpec; readonly optional: boolean }[]; readonly rest: GuardSpec | null }
  | { readonly props: readonly { readonly name: string; readonly spec: GuardSpec; readonly optional: boolean }[] }
  | { readonly record: { readonly key: GuardSpec; readonly value: GuardSpec } };

export type Guard = (u: unknown) => boolean;

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u);

const compileCheck = (c: Check): Guard => {
  if ("int" in c) return (u) => Number.isSafeInteger(u);
  if ("gt" in c) return (u) => (u as number) > c.gt;
  if ("minLength" in c) return (u) => (u as string).length >= c.minLength;
  if ("minItems" in c) return (u) => (u as unknown[]).length >= c.minItems;
  if ("trimmed" in c) return (u) => u === (u as string).trim();
  if ("duration" in c) return (u) => Either.isRight(parseDuration("", u as string));
  const re = new RegExp(c.pattern, c.flags);
  return (u) => {
    re.lastIndex = 0;
    return re.test(u as string);
  };
};

export const compileGuard = (spec: GuardSpec): Guard => {
  switch (spec) {
    case "string":
      return (u) => typeof u === "string";
    case "number":
      return (u) => typeof u === "number";
    case "boolean":
      return (u) => typeof u === "boolean";
    case "undefined":
      return (u) => u === undefined;
    case "unknown":
      return () => true;
  }
  if ("literal" in spec) {
    const literal = spec.literal;
    return (u) => u === literal;
  }
  if ("check" in spec) {
    const of = compileGuard(spec.of);
    const check = compileCheck(spec.check);
    return (u) => of(u) && check(u);
  }
  if ("anyOf" in spec) {
    const ms = spec.anyOf.map(compileGuard);
    return (u) => ms.some((m) => m(u));
  }
  if ("items" in spec) {
    const elements = spec.items.map((e) => ({ guard: compileGuard(e.spec), optional: e.optional }));
    const rest = spec.rest === null ? null : compileGuard(spec.rest);
    return (u) => {
      if (!Array.isArray(u)) return false;
      if (!rest && u.length > elements.length) return false;
      for (let i = 0; i < elements.length; i++) {
        const e = elements[i]!;
        if (i >= u.length) {
          if (!e.optional) return false;
        } else if (!e.guard(u[i])) return false;
      }
      for (let i = elements.length; i < u.length; i++) if (!rest!(u[i])) return false;
      return true;
    };
  }
  if ("record" in spec) {
    const key = compileGuard(spec.record.key);
    const value = compileGuard(spec.record.value);
    return (u) => {
      if (!isObject(u)) return false;
      // decoding builds a fresh object, where a "__proto__" key would not survive as a key
      for (const k in u) if (k === "__proto__" || !key(k) || !value(u[k])) return false;
      return true;
    };
  }
  const props = spec.props.map((p) => ({ name: p.name, guard: compileGuard(p.spec), optional: p.optional }));
  return (u) => {
    if (!isObject(u)) return false;
    // (a parsed JSON value is never undefined, so undefined means "absent", or inherited:
    // then the own-key count below cannot match)
    let seen = 0;
    for (const p of props) {
      const v = u[p.name];
      if (v === undefined) {
        if (!p.optional) return false;
      } else {
        seen++;
        if (!p.guard(v)) return false;
      }
    }
    // keys the schema does not name: decoding drops them, so this value is not its own decoding
    let keys = 0;
    for (const k in u) if (Object.hasOwn(u, k)) keys++;
    return keys === seen;
  };
};
