// An agent's reply report (`reply write --file report.json`), decoded with Schema; the reply
// outcome and its gate verdicts.
import * as Either from "effect/Either";
import * as JSONSchema from "effect/JSONSchema";
import * as Schema from "effect/Schema";
import { formatParseError } from "../schema-codec.js";
import { InvalidInput } from "../errors.js";
import { REPLY_OUTCOMES } from "./statuses.js";

export const ReplyOutcome = Schema.Literal(...REPLY_OUTCOMES);
export type ReplyOutcome = typeof ReplyOutcome.Type;

const list = <A, I>(s: Schema.Schema<A, I, never>) => Schema.optionalWith(Schema.Array(s), { default: () => [] });

export const ReplyReport = Schema.Struct({
  salientSummary: Schema.String.pipe(Schema.nonEmptyString({ message: () => "must not be empty" })),
  whatWasImplemented: Schema.optionalWith(Schema.String, { default: () => "" }),
  whatWasLeftUndone: Schema.optionalWith(Schema.String, { default: () => "" }),
  assumptions: list(Schema.String),
  scopeDeclaration: Schema.optionalWith(Schema.Record({ key: Schema.String, value: Schema.Unknown }), { default: () => ({}) }),
  verification: Schema.optionalWith(
    Schema.Struct({
      commandsRun: list(Schema.Struct({ command: Schema.String, exitCode: Schema.Int, observation: Schema.optionalWith(Schema.String, { default: () => "" }) })),
      interactiveChecks: list(Schema.String),
    }),
    { default: () => ({ commandsRun: [], interactiveChecks: [] }) },
  ),
  verificationResults: list(Schema.Struct({ check: Schema.String, passed: Schema.Boolean })),
  tests: Schema.optionalWith(Schema.Struct({ added: list(Schema.String) }), { default: () => ({ added: [] }) }),
  discoveredIssues: list(Schema.Struct({ severity: Schema.Literal("low", "medium", "high", "critical"), description: Schema.String, suggestedFix: Schema.optionalWith(Schema.String, { default: () => "" }) })),
});
export type ReplyReport = typeof ReplyReport.Type;

const decodeJson = Schema.decodeUnknownEither(Schema.parseJson());
const decode = Schema.decodeUnknownEither(ReplyReport, { onExcessProperty: "error", errors: "all" });

export const parseReplyReport = (text: string, source: string): Either.Either<ReplyReport, InvalidInput> => {
  const fail = (m: string) => new InvalidInput({ condition: "InvalidFile", message: `${source}: ${m}` });
  return Either.flatMap(Either.mapLeft(decodeJson(text), (e) => fail(`not valid JSON (${formatParseError(e)})`)), (j) => Either.mapLeft(decode(j), (e) => fail(formatParseError(e))));
};

export const GateVerdictSchema = Schema.Struct({ principleId: Schema.String, field: Schema.String, check: Schema.String, passed: Schema.Boolean, detail: Schema.String });

/**
 * A filled report, typed by the Schema that decodes replies (the brief shows it, so an agent
 * sees every field in use); `parseReplyReport(JSON.stringify(REPORT_EXAMPLE))` accepts it.
 */
export const REPORT_EXAMPLE: typeof ReplyReport.Encoded = {
  salientSummary: "What changed, in one or two sentences",
  whatWasImplemented: "The endpoints, modules or behaviours added",
  whatWasLeftUndone: "",
  assumptions: ["An assumption the work rests on"],
  scopeDeclaration: { files: ["src/the/files/you/changed.ts"] },
  verification: { commandsRun: [{ command: "pnpm test", exitCode: 0, observation: "all passed" }], interactiveChecks: [] },
  verificationResults: [{ check: "unit tests", passed: true }],
  tests: { added: ["src/the/test/you/added.test.ts"] },
  discoveredIssues: [],
};

/** The report's JSON Schema, from the Schema that decodes it (`maestro reply schema`). */
export const replyReportJsonSchema = () => JSONSchema.make(ReplyReport) as JSONSchema.JsonSchema7Root & { readonly required?: readonly string[] };
