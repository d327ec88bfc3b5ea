// The Schema of every config key's value (the table of keys is config.ts). Reads check values
// with the guards generated from these and load this module only for a value that fails one.
import * as Either from "effect/Either";
import * as Schema from "effect/Schema";
import { parseDuration } from "./duration.js";
import { InvalidInput } from "./errors.js";
import { DurationSchemaId } from "./guard.js";
import { formatParseError } from "./schema-codec.js";
import { UserId } from "./user-id.js";
import { NOTIFY_EVENTS } from "./config.js";
import { BUDGET_PATTERN, PRICE_PATTERN } from "./spend.js";

const Budget = Schema.String.pipe(Schema.pattern(BUDGET_PATTERN, { message: () => "dollars or tokens, like $5, $0.50, 200k tokens or 1.5m tokens" }));

const Duration = Schema.String.pipe(
  Schema.filter((s) => Either.isRight(parseDuration("x", s)) || "a duration like 30m, 4h or 2d", {
    schemaId: DurationSchemaId,
    // (for property tests: random strings are almost never durations)
    arbitrary: () => (fc) => fc.tuple(fc.nat(999), fc.constantFrom("s", "m", "h", "d")).map(([n, unit]) => `${n}${unit}`),
  }),
);
const Args = Schema.Array(Schema.String);
const NonEmpty = Schema.String.pipe(Schema.nonEmptyString());

const agentSchemas = (agent: string) => ({
  [`agents.${agent}.bin`]: NonEmpty,
  [`agents.${agent}.model`]: Schema.NullOr(NonEmpty),
  [`agents.${agent}.args`]: Args,
});

export const CONFIG_SCHEMAS: Readonly<Record<string, Schema.Schema<any, any, never>>> = {
  ...agentSchemas("codex"),
  ...agentSchemas("claude"),
  ...agentSchemas("gemini"),
  "tasks.leaseTtl": Duration,
  "handoff.timeout": Schema.NullOr(Duration),
  "budget.mission": Schema.NullOr(Budget),
  "budget.handoff": Schema.NullOr(Budget),
  "prices.*": Schema.String.pipe(Schema.pattern(PRICE_PATTERN, { message: () => "dollars per million input/output[/cached] tokens, like 3/15 or 3/15/0.3" })),
  ...Object.fromEntries(NOTIFY_EVENTS.map((e) => [`notify.${e}`, Schema.NullOr(NonEmpty)])),
  // a workflow template: its milestones, in order
  "workflows.*": Schema.Array(
    Schema.Struct({
      id: UserId,
      title: NonEmpty,
      kind: Schema.optional(Schema.Literal("work", "gate")),
      profile: Schema.optional(NonEmpty),
    }),
  ).pipe(Schema.minItems(1)),
};

export const checkConfigValueSchema = (key: string, value: unknown, where: string): Either.Either<unknown, InvalidInput> =>
  Either.mapLeft(Schema.decodeUnknownEither(CONFIG_SCHEMAS[key]!)(value), (e) => new InvalidInput({ condition: "InvalidValue", message: `${where}: ${key}: ${formatParseError(e)}` }));
