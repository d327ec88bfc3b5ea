// The fields commands take, as Schemas that say what is wrong in the words of the flag that
// carries them ("--title is 201 characters; at most 200"). A use case decodes its command with
// these where it enters the engine, so the CLI, Mission Control and the MCP server get the same
// checks and the same one-line errors.
import * as Either from "effect/Either";
import * as ParseResult from "effect/ParseResult";
import * as Schema from "effect/Schema";
import { InvalidInput } from "./errors.js";
import { formatParseError } from "./schema-codec.js";
import { lineProblem, textProblem } from "./text.js";

const checked = (problem: (s: string) => string | undefined, flag: string) => Schema.String.pipe(Schema.filter((s) => ((p) => (p === undefined ? true : `${flag} ${p}`))(problem(s))));

/** An optional field that is absent or a value, never undefined (as the types built from it say). */
export const Optional = <S extends Schema.Schema.All>(s: S) => Schema.optionalWith(s, { exact: true });

/** One line of at most 200 printable characters (a title, a label, a ref, a session). */
export const OneLine = (flag: string) => checked(lineProblem, flag);
/** Free text of at most 10 KB with no escape or direction-override character. */
export const FreeText = (flag: string) => checked(textProblem, flag);
/** One line with something in it besides spaces. */
export const Required = (flag: string) => OneLine(flag).pipe(Schema.filter((s) => s.trim().length > 0 || `${flag} must not be empty`));

/** Decodes a command with its Schema, or throws InvalidInput naming the first field that is wrong. */
export const decodeCommand = <A, I>(schema: Schema.Schema<A, I, never>, input: unknown): A =>
  Either.getOrThrowWith(Schema.decodeUnknownEither(schema, { onExcessProperty: "error" })(input), (e: ParseResult.ParseError) => {
    // (a field's own message says in full what is wrong and names its flag; Schema's own words,
    // "Expected ...", "is missing", need the path, said in plain words)
    const first = ParseResult.ArrayFormatter.formatErrorSync(e)[0];
    const own = first !== undefined && first.path.length > 0 && !/^(Expected |is missing|is unexpected)/.test(first.message);
    return new InvalidInput({ condition: "InvalidValue", message: own ? first.message : `invalid input: ${formatParseError(e)}` });
  });
