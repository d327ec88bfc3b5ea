// The batch file of `task plan --file plan.json`: tasks with batch-local names that other
// entries (and --start) refer to. Decoded with Schema; names resolved by decide.
import * as Either from "effect/Either";
import * as Schema from "effect/Schema";
import { formatParseError } from "../schema-codec.js";
import { InvalidInput } from "../errors.js";
import { ScopeSchema } from "../plan.js";
import { UserId } from "../user-id.js";
import { Priority, TaskType } from "./state.js";

export const TaskPlanEntry = Schema.Struct({
  name: UserId,
  title: Schema.String.pipe(Schema.nonEmptyString({ message: () => "must not be empty" })),
  slug: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  type: Schema.optional(TaskType),
  priority: Schema.optional(Priority),
  labels: Schema.optional(Schema.Array(Schema.String)),
  parent: Schema.optional(Schema.String),
  blockedBy: Schema.optional(Schema.Array(Schema.String)),
  scope: Schema.optional(ScopeSchema),
  doneWhen: Schema.optional(Schema.Array(Schema.String)),
});
export const TaskPlan = Schema.Struct({
  /** names the batch: a plan with a batch id already applied creates nothing (default: a hash of the tasks) */
  batchId: Schema.optional(Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, { message: () => "a batch id is 1-64 of A-Z a-z 0-9 . _ : -" }))),
  tasks: Schema.Array(TaskPlanEntry).pipe(Schema.minItems(1, { message: () => "a task plan needs at least one task" })) });
export type TaskPlan = typeof TaskPlan.Type;

const decodeJson = Schema.decodeUnknownEither(Schema.parseJson());
const decode = Schema.decodeUnknownEither(TaskPlan, { onExcessProperty: "error", errors: "all" });

export const parseTaskPlan = (text: string, source: string): Either.Either<TaskPlan, InvalidInput> => {
  const fail = (m: string) => new InvalidInput({ condition: "InvalidFile", message: `${source}: ${m}` });
  return Either.flatMap(Either.mapLeft(decodeJson(text), (e) => fail(`not valid JSON (${formatParseError(e)})`)), (json) => Either.mapLeft(decode(json), (e) => fail(formatParseError(e))));
};
