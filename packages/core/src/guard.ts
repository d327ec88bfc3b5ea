// Guards compiled from a Schema's AST: "is this value already exactly what decoding it would
// give?". effect's decoder interprets the AST for every value, which costs more than parsing
// the JSON line it came from; most log lines are valid and need no transformation, so a value
// that passes its guard is its own decoded value, and only the rest go through Schema decode
// (for the error message, or to strip extra keys). A schema with a transformation or anything
// else the guard cannot be exact about compiles to null: always decode.
import * as Option from "effect/Option";
import type * as SchemaAST from "effect/SchemaAST";

export type Guard = (u: unknown) => boolean;

const isObject = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u);

/** Could values of this AST be objects or arrays (so a union over it needs care)? */
const holdsObjects = (ast: SchemaAST.AST): boolean =>
  ast._tag === "TypeLiteral" || ast._tag === "TupleType" || (ast._tag === "Refinement" && holdsObjects(ast.from));

export const compileGuard = (ast: SchemaAST.AST): Guard | null => {
  switch (ast._tag) {
    case "StringKeyword":
      return (u) => typeof u === "string";
    case "NumberKeyword":
      return (u) => typeof u === "number";
    case "BooleanKeyword":
      return (u) => typeof u === "boolean";
    case "UndefinedKeyword":
      return (u) => u === undefined;
    case "UnknownKeyword":
    case "AnyKeyword":
      return () => true;
    case "Literal": {
      const literal = ast.literal;
      return (u) => u === literal;
    }
    case "Refinement": {
      const from = compileGuard(ast.from);
      if (!from) return null;
      return (u) => from(u) && Option.isNone(ast.filter(u, {}, ast));
    }
    case "Union": {
      // decoding a union takes the first member that decodes, stripping extra keys; with two
      // members that take objects, the guard could pick a different one than decode would
      if (ast.types.filter(holdsObjects).length > 1) return null;
      const members = ast.types.map(compileGuard);
      if (members.some((m) => m === null)) return null;
      const ms = members as Guard[];
      return (u) => ms.some((m) => m(u));
    }
    case "TupleType": {
      if (ast.rest.length > 1) return null;
      const elements = ast.elements.map((e) => ({ guard: compileGuard(e.type), optional: e.isOptional }));
      const rest = ast.rest[0] ? compileGuard(ast.rest[0].type) : undefined;
      if (elements.some((e) => e.guard === null) || rest === null) return null;
      return (u) => {
        if (!Array.isArray(u)) return false;
        if (!rest && u.length > elements.length) return false;
        for (let i = 0; i < elements.length; i++) {
          const e = elements[i]!;
          if (i >= u.length) {
            if (!e.optional) return false;
          } else if (!e.guard!(u[i])) return false;
        }
        for (let i = elements.length; i < u.length; i++) if (!rest!(u[i])) return false;
        return true;
      };
    }
    case "TypeLiteral": {
      const props = ast.propertySignatures.map((p) => ({ name: p.name, guard: compileGuard(p.type), optional: p.isOptional }));
      if (props.some((p) => p.guard === null || typeof p.name !== "string")) return null;
      if (ast.indexSignatures.length > 1) return null;
      const index = ast.indexSignatures[0];
      const key = index ? compileGuard(index.parameter) : undefined;
      const value = index ? compileGuard(index.type) : undefined;
      if (key === null || value === null) return null;
      if (index && props.length) return null;
      return (u) => {
        if (!isObject(u)) return false;
        // (a parsed JSON value is never undefined, so undefined means "absent", or inherited:
        // then the own-key count below cannot match)
        let seen = 0;
        for (const p of props) {
          const v = u[p.name as string];
          if (v === undefined) {
            if (!p.optional) return false;
          } else {
            seen++;
            if (!p.guard!(v)) return false;
          }
        }
        if (index) {
          // decoding builds a fresh object, where a "__proto__" key would not survive as a key
          for (const k in u) if (k === "__proto__" || !key!(k) || !value!(u[k])) return false;
          return true;
        }
        // keys the schema does not name: decoding drops them, so this value is not its own decoding
        let keys = 0;
        for (const k in u) if (Object.hasOwn(u, k)) keys++;
        return keys === seen;
      };
    }
    default:
      return null;
  }
};
