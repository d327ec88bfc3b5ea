// The build-time half of the guards (see guard.ts): reads a Schema's AST and describes, as
// plain data, the values that decode to themselves. Anything it cannot describe exactly (a
// transformation other than an `optionalWith` default, a filter it does not know, a
// recursive schema) has no spec, and such values always go through Schema decode.
import * as Schema from "effect/Schema";
import * as SchemaAST from "effect/SchemaAST";
import { DurationSchemaId, type Check, type GuardSpec } from "./guard.js";

/** The filters whose meaning we know, by the schema id effect gives them. */
const checkOf = (ast: SchemaAST.Refinement): Check | null => {
  const id = SchemaAST.getSchemaIdAnnotation(ast);
  if (id._tag === "None") return null;
  const json = SchemaAST.getJSONSchemaAnnotation(ast).pipe((o) => (o._tag === "Some" ? (o.value as Record<string, unknown>) : {}));
  const num = (k: string) => (typeof json[k] === "number" ? (json[k] as number) : null);
  switch (id.value) {
    case Schema.IntSchemaId:
      return { int: true };
    case Schema.GreaterThanSchemaId:
      return num("exclusiveMinimum") === null ? null : { gt: num("exclusiveMinimum")! };
    case Schema.MinLengthSchemaId:
      return num("minLength") === null ? null : { minLength: num("minLength")! };
    case Schema.MinItemsSchemaId:
      return num("minItems") === null ? null : { minItems: num("minItems")! };
    case Schema.TrimmedSchemaId:
      return { trimmed: true };
    case DurationSchemaId:
      return { duration: true };
    case Schema.PatternSchemaId: {
      const regex = (ast.annotations[Schema.PatternSchemaId] as { regex?: unknown } | undefined)?.regex;
      return regex instanceof RegExp ? { pattern: regex.source, flags: regex.flags } : null;
    }
    default:
      return null;
  }
};

/** Could values of this AST be objects or arrays (so a union over it needs care)? */
const holdsObjects = (ast: SchemaAST.AST): boolean =>
  ast._tag === "TypeLiteral" || ast._tag === "TupleType" || ast._tag === "Transformation" || (ast._tag === "Refinement" && holdsObjects(ast.from));

/** A struct's spec; `filled` keys (given a default by decoding) must be present, with that spec. */
const propsOf = (ast: SchemaAST.TypeLiteral, filled: ReadonlyMap<PropertyKey, GuardSpec> = new Map()): GuardSpec | null => {
  if (ast.indexSignatures.length > 0) {
    if (ast.indexSignatures.length > 1 || ast.propertySignatures.length > 0) return null;
    const [index] = ast.indexSignatures;
    const key = specOf(index!.parameter);
    const value = specOf(index!.type);
    return key && value ? { record: { key, value } } : null;
  }
  const props: { name: string; spec: GuardSpec; optional: boolean }[] = [];
  for (const p of ast.propertySignatures) {
    const spec = filled.get(p.name) ?? specOf(p.type);
    if (!spec || typeof p.name !== "string") return null;
    props.push({ name: p.name, spec, optional: p.isOptional && !filled.has(p.name) });
  }
  return { props };
};

/** `x | undefined` as `x`: a key whose value is undefined counts as missing here. */
const definedSpec = (s: GuardSpec | null): GuardSpec | null => {
  if (s === null || typeof s !== "object" || !("anyOf" in s)) return s;
  const rest = s.anyOf.filter((m) => m !== "undefined");
  return rest.length === 1 ? rest[0]! : { anyOf: rest };
};

export const specOf = (ast: SchemaAST.AST): GuardSpec | null => {
  switch (ast._tag) {
    case "StringKeyword":
      return "string";
    case "NumberKeyword":
      return "number";
    case "BooleanKeyword":
      return "boolean";
    case "UndefinedKeyword":
      return "undefined";
    case "UnknownKeyword":
    case "AnyKeyword":
      return "unknown";
    case "Literal":
      return typeof ast.literal === "bigint" ? null : { literal: ast.literal };
    case "Refinement": {
      const of = specOf(ast.from);
      const check = checkOf(ast);
      return of && check ? { of, check } : null;
    }
    case "Union": {
      // decoding a union takes the first member that decodes, stripping extra keys; with two
      // members that take objects, the guard could pick a different one than decode would
      if (ast.types.filter(holdsObjects).length > 1) return null;
      const anyOf = ast.types.map(specOf);
      return anyOf.every((s) => s !== null) ? { anyOf: anyOf as GuardSpec[] } : null;
    }
    case "TupleType": {
      if (ast.rest.length > 1) return null;
      const items = ast.elements.map((e) => ({ spec: specOf(e.type), optional: e.isOptional }));
      const rest = ast.rest[0] ? specOf(ast.rest[0].type) : null;
      if (items.some((e) => e.spec === null) || (ast.rest[0] && rest === null)) return null;
      return { items: items as { spec: GuardSpec; optional: boolean }[], rest };
    }
    case "TypeLiteral":
      return propsOf(ast);
    case "Transformation": {
      // a struct with `optionalWith(x, { default })` keys: a value that has every such key
      // decodes to itself (the default only fills a missing key); one without goes to decode
      const t = ast.transformation;
      if (t._tag !== "TypeLiteralTransformation" || ast.from._tag !== "TypeLiteral" || ast.to._tag !== "TypeLiteral") return null;
      const from = ast.from.propertySignatures;
      const to = ast.to.propertySignatures;
      const filled = new Map<PropertyKey, GuardSpec>();
      for (const p of t.propertySignatureTransformations) {
        // the key keeps its name and decodes to the same kind of value (not, say, an Option)
        const f = from.find((x) => x.name === p.from);
        const o = to.find((x) => x.name === p.to);
        const spec = p.from === p.to && f ? definedSpec(specOf(f.type)) : null;
        if (!spec || !o || o.isOptional || JSON.stringify(spec) !== JSON.stringify(specOf(o.type))) return null;
        filled.set(p.from, spec);
      }
      return propsOf(ast.from, filled);
    }
    default:
      return null;
  }
};
