// The mission plan file (`mission create --file plan.json`): its schema and the cross-field
// rules a schema cannot express (unknown references, duplicates, dependency cycles).
import { MILESTONE_PROFILES } from "./mission/statuses.js";
import * as Either from "effect/Either";
import * as Schema from "effect/Schema";
import { InvalidInput } from "./errors.js";
import { formatParseError } from "./schema-codec.js";
import { UserId } from "./user-id.js";
import { findCycle } from "./graph.js";
import { fieldsProblem } from "./text.js";

const Text = Schema.String.pipe(Schema.trimmed({ message: () => "must not start or end with spaces" }), Schema.nonEmptyString({ message: () => "must not be empty" }));
// (the limits of text are checked by checkPlan, not here: these Schemas also decode the log, whose old lines predate them)

export const MilestoneKind = Schema.Literal("work", "gate");
export const PlanMilestone = Schema.Struct({
  id: UserId,
  title: Text,
  description: Schema.optionalWith(Schema.String, { default: () => "" }),
  order: Schema.optionalWith(Schema.Int, { default: () => 0 }),
  kind: Schema.optionalWith(MilestoneKind, { default: () => "work" as const }),
  profile: Schema.optionalWith(Schema.String.pipe(Schema.nonEmptyString()), { default: () => "implementation" }),
});
export type PlanMilestone = typeof PlanMilestone.Type;

/** A feature's or task's contract with the code (scope.ts judges it): globs it may touch, globs it must not, a cap on files. */
const Glob = Schema.String.pipe(Schema.nonEmptyString({ message: () => "a glob must not be empty" }));
export const ScopeSchema = Schema.Struct({
  files: Schema.optional(Schema.Array(Glob)),
  forbidden: Schema.optional(Schema.Array(Glob)),
  maxFiles: Schema.optional(Schema.Int.pipe(Schema.positive({ message: () => "maxFiles must be a whole number above 0" }))),
});

export const PlanFeature = Schema.Struct({
  id: UserId,
  milestoneId: UserId,
  title: Text,
  description: Schema.optionalWith(Schema.String, { default: () => "" }),
  agentType: Schema.optionalWith(Schema.String.pipe(Schema.nonEmptyString()), { default: () => "codex-cli" }),
  verificationSteps: Schema.optionalWith(Schema.Array(Schema.String), { default: () => [] }),
  dependsOn: Schema.optionalWith(Schema.Array(UserId), { default: () => [] }),
  fulfills: Schema.optionalWith(Schema.Array(UserId), { default: () => [] }),
  /** what must hold before work starts, and what done looks like: both carried into the brief */
  preconditions: Schema.optional(Schema.Array(Schema.String)),
  expectedBehavior: Schema.optional(Schema.String),
  /** the files its work may and may not touch: a reply whose run strays is kicked back, naming the paths */
  scope: Schema.optional(ScopeSchema),
  /** what done looks like, said in the brief */
  doneWhen: Schema.optional(Schema.Array(Schema.String)),
});
export type PlanFeature = typeof PlanFeature.Type;

export const Plan = Schema.Struct({
  title: Text,
  description: Schema.optionalWith(Schema.String, { default: () => "" }),
  /** the approach the plan proposes, for the operator who approves it and for every brief */
  proposal: Schema.optional(Schema.String),
  milestones: Schema.Array(PlanMilestone).pipe(Schema.minItems(1, { message: () => "a plan needs at least one milestone" })),
  features: Schema.optionalWith(Schema.Array(PlanFeature), { default: () => [] }),
});
export type Plan = typeof Plan.Type;

const decodeJson = Schema.decodeUnknownEither(Schema.parseJson());
const decodePlan = Schema.decodeUnknownEither(Plan, { onExcessProperty: "error", errors: "all" });

/** Decodes a plan file's text and checks its references; the error names the field. A workflow template supplies the milestones. */
export const parsePlan = (text: string, source = "plan", workflow?: Workflow): Either.Either<Plan, InvalidInput> => {
  const fail = (m: string) => new InvalidInput({ condition: "InvalidFile", message: `${source}: ${m}` });
  return Either.flatMap(
    Either.flatMap(Either.mapLeft(decodeJson(text), (e) => fail(`not valid JSON (${formatParseError(e)})`)), (json) => withWorkflow(json, workflow, fail)),
    (json) => Either.flatMap(Either.mapLeft(decodePlan(json), (e) => fail(formatParseError(e))), (plan) => Either.mapLeft(checkPlan(plan), fail)),
  );
};

/** A workflow template by name and the milestones it makes (a built-in one, or the user's from config). */
export interface Workflow {
  readonly name: string;
  readonly milestones: readonly PlanMilestone[];
}

const withWorkflow = (json: unknown, workflow: Workflow | undefined, fail: (m: string) => InvalidInput): Either.Either<unknown, InvalidInput> => {
  if (workflow === undefined || json === null || typeof json !== "object" || Array.isArray(json)) return Either.right(json);
  if ("milestones" in json) return Either.left(fail(`has milestones, and --workflow ${workflow.name} makes them (${workflow.milestones.map((m) => m.id).join(", ")}): leave them out`));
  return Either.right({ ...json, milestones: workflow.milestones });
};

/** Cross-field rules. Returns the first problem found, phrased for the plan's author. */
export const checkPlan = (plan: Plan): Either.Either<Plan, string> => {
  const text = fieldsProblem({
    line: { title: plan.title, ...Object.fromEntries(plan.milestones.map((m, i) => [`milestones[${i}].title`, m.title])), ...Object.fromEntries(plan.features.map((f, i) => [`features[${i}].title`, f.title])) },
    text: {
      description: plan.description,
      proposal: plan.proposal,
      ...Object.fromEntries(plan.milestones.map((m, i) => [`milestones[${i}].description`, m.description])),
      ...Object.fromEntries(
        plan.features.flatMap((f, i) => [
          [`features[${i}].description`, f.description],
          [`features[${i}].expectedBehavior`, f.expectedBehavior],
          [`features[${i}].verificationSteps`, f.verificationSteps],
          [`features[${i}].preconditions`, f.preconditions],
        ]),
      ),
    },
  });
  if (text) return Either.left(text);
  const dup = (ids: readonly string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
  const ms = plan.milestones.map((m) => m.id);
  const d1 = dup(ms);
  if (d1) return Either.left(`milestones: duplicate id "${d1}"`);
  const odd = plan.milestones.findIndex((m) => !(MILESTONE_PROFILES as readonly string[]).includes(m.profile));
  if (odd !== -1) return Either.left(`milestones[${odd}].profile must be one of ${MILESTONE_PROFILES.join(", ")}, got ${JSON.stringify(plan.milestones[odd]!.profile)}`);
  const fs = plan.features.map((f) => f.id);
  const d2 = dup(fs);
  if (d2) return Either.left(`features: duplicate id "${d2}"`);
  const owners = new Map<string, string>();
  for (const [i, f] of plan.features.entries()) {
    if (!ms.includes(f.milestoneId)) return Either.left(`features[${i}].milestoneId: unknown milestone "${f.milestoneId}" (plan has: ${ms.join(", ")})`);
    for (const dep of f.dependsOn) {
      if (dep === f.id) return Either.left(`features[${i}].dependsOn: "${f.id}" depends on itself`);
      if (!fs.includes(dep)) return Either.left(`features[${i}].dependsOn: unknown feature "${dep}"`);
    }
    for (const a of f.fulfills) {
      const other = owners.get(a);
      if (other) return Either.left(`features[${i}].fulfills: assertion "${a}" is already fulfilled by feature "${other}"`);
      owners.set(a, f.id);
    }
  }
  const cycle = findCycle(new Map(plan.features.map((f) => [f.id, f.dependsOn])));
  if (cycle) return Either.left(`features: dependsOn cycle ${cycle.join(" -> ")}`);
  return Either.right(plan);
};
