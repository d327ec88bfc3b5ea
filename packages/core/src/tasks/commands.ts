// The commands of the tasks stream, declared once as Schemas: the engine decodes each command
// with them before `decide` sees it, so every limit on a task's text holds whichever app sent it.
import * as Schema from "effect/Schema";
import { FreeText, OneLine, Required } from "../input-fields.js";
import { Priority, TaskStatus, TaskType } from "./state.js";

// letters of any script (lowercase, or caseless such as CJK), digits, and . _ - within /-parts
export const SLUG_PATTERN = /^[\p{Ll}\p{Lo}\p{Lm}\p{Nd}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}._-]*(\/[\p{Ll}\p{Lo}\p{Lm}\p{Nd}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}._-]*)*$/u;
const Slug = Schema.String.pipe(
  Schema.filter((s) => (SLUG_PATTERN.test(s) && s.length <= 64) || `--slug ${JSON.stringify(s)}: use lowercase letters, digits, . _ - in /-separated parts (at most 64)`),
);
// (exact: an optional field is absent or a value, never undefined, as the types say)
const opt = <S extends Schema.Schema.All>(s: S) => Schema.optionalWith(s, { exact: true });

/** a task's id or slug (or, in a plan, a batch-local name) */
const Ref = OneLine("a task ref");
const Session = OneLine("--session");

export const TaskInput = Schema.Struct({
  taskId: Schema.String,
  title: Required("--title"),
  slug: opt(Slug),
  description: opt(FreeText("--description")),
  type: opt(TaskType),
  priority: opt(Priority),
  labels: opt(Schema.Array(OneLine("--labels"))),
  parent: opt(Ref),
  blockedBy: opt(Schema.Array(Ref)),
  feature: opt(Schema.Struct({ missionId: Schema.String, featureId: Schema.String })),
});
export type TaskInput = typeof TaskInput.Type;

const Claim = {
  session: Session,
  /** ISO time of the command, for staleness */
  now: Schema.String,
  force: opt(Schema.Boolean),
  staleAfterMs: opt(Schema.Number),
};

export const TaskCommand = Schema.Union(
  Schema.Struct({ type: Schema.Literal("CreateTask"), task: TaskInput }),
  Schema.Struct({
    type: Schema.Literal("PlanTasks"),
    tasks: Schema.Array(Schema.extend(TaskInput, Schema.Struct({ name: OneLine("a task's name") }))),
    /** a plan whose batch id was applied before creates nothing */
    batchId: opt(OneLine("batchId")),
    start: opt(Schema.Struct({ name: OneLine("--start"), ...Claim })),
  }),
  Schema.Struct({ type: Schema.Literal("ClaimTask"), ref: Ref, ...Claim }),
  Schema.Struct({ type: Schema.Literal("ClaimReady"), filter: opt(Schema.Struct({ label: opt(OneLine("--label")), priority: opt(Priority), type: opt(TaskType) })), ...Claim }),
  Schema.Struct({ type: Schema.Literal("UnclaimTask"), ref: Ref, session: Session, force: opt(Schema.Boolean) }),
  Schema.Struct({ type: Schema.Literal("Heartbeat"), refs: Schema.Array(Ref), session: Session, force: opt(Schema.Boolean) }),
  Schema.Struct({ type: Schema.Literal("ReleaseOwned"), session: Session }),
  Schema.Struct({
    type: Schema.Literal("UpdateTask"),
    ref: Ref,
    session: Session,
    now: Schema.String,
    status: opt(TaskStatus),
    reason: opt(FreeText("--reason")),
    receipt: opt(OneLine("--receipt")),
    changes: Schema.Struct({
      title: opt(Required("--title")),
      description: opt(FreeText("--description")),
      priority: opt(Priority),
      type: opt(TaskType),
      labels: opt(Schema.Array(OneLine("--labels"))),
      currentState: opt(FreeText("--current-state")),
      nextAction: opt(FreeText("--next-action")),
      addDecisions: opt(Schema.Array(FreeText("--add-decision"))),
      removeDecisions: opt(Schema.Array(FreeText("--remove-decision"))),
    }),
    /** rewrite a task another session holds */
    force: opt(Schema.Boolean),
  }),
  Schema.Struct({ type: Schema.Literal("CancelTask"), ref: Ref, reason: FreeText("--reason"), session: Session, force: opt(Schema.Boolean) }),
  Schema.Struct({ type: Schema.Literal("BlockTasks"), blocker: Ref, blocked: Schema.Array(Ref) }),
  Schema.Struct({ type: Schema.Literal("UnblockTasks"), blocker: Ref, blocked: Schema.Array(Ref) }),
  Schema.Struct({ type: Schema.Literal("ReopenTask"), ref: Ref, reason: opt(FreeText("--reason")) }),
  Schema.Struct({ type: Schema.Literal("LinkHandoff"), ref: Ref, handoffId: OneLine("--handoff"), agent: OneLine("--agent") }),
);
export type TaskCommand = typeof TaskCommand.Type;
