// The commands of the tasks stream, declared once as Schemas: the engine decodes each command
// with them before `decide` sees it, so every limit on a task's text holds whichever app sent it.
import * as Schema from "effect/Schema";
import { FreeText, OneLine, Optional, Required } from "../input-fields.js";
import type { GitChanges } from "../handoff/events.js";
import { ScopeSchema } from "../plan.js";
import { Priority, TaskStatus, TaskType } from "./state.js";

// letters of any script (lowercase, or caseless such as CJK), digits, and . _ - within /-parts
export const SLUG_PATTERN = /^[\p{Ll}\p{Lo}\p{Lm}\p{Nd}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}._-]*(\/[\p{Ll}\p{Lo}\p{Lm}\p{Nd}][\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}._-]*)*$/u;
const Slug = Schema.String.pipe(
  Schema.filter((s) => (SLUG_PATTERN.test(s) && s.length <= 64) || `--slug ${JSON.stringify(s)}: use lowercase letters, digits, . _ - in /-separated parts (at most 64)`),
);

/** a value the engine computed (not typed by a user): its type is its check */
const given = <A>() => Schema.declare((_: unknown): _ is A => true);

/** a task's id or slug (or, in a plan, a batch-local name) */
const Ref = OneLine("a task ref");
const Session = OneLine("--session");

export const TaskInput = Schema.Struct({
  taskId: Schema.String,
  title: Required("--title"),
  slug: Optional(Slug),
  description: Optional(FreeText("--description")),
  type: Optional(TaskType),
  priority: Optional(Priority),
  labels: Optional(Schema.Array(OneLine("--labels"))),
  parent: Optional(Ref),
  blockedBy: Optional(Schema.Array(Ref)),
  feature: Optional(Schema.Struct({ missionId: Schema.String, featureId: Schema.String })),
  scope: Optional(ScopeSchema),
  doneWhen: Optional(Schema.Array(FreeText("--done-when"))),
});
export type TaskInput = typeof TaskInput.Type;

const Claim = {
  session: Session,
  /** ISO time of the command, for staleness */
  now: Schema.String,
  force: Optional(Schema.Boolean),
  staleAfterMs: Optional(Schema.Number),
  /** the commit it is claimed at (the engine reads HEAD) */
  head: Optional(Schema.NullOr(Schema.String)),
  /** holders known gone before their lease ends (a handoff's run that has ended), with why: the engine looks */
  gone: Optional(Schema.Record({ key: Schema.String, value: Schema.String })),
};

export const TaskCommand = Schema.Union(
  Schema.Struct({ type: Schema.Literal("CreateTask"), task: TaskInput }),
  Schema.Struct({
    type: Schema.Literal("PlanTasks"),
    tasks: Schema.Array(Schema.extend(TaskInput, Schema.Struct({ name: OneLine("a task's name") }))),
    /** a plan whose batch id was applied before creates nothing */
    batchId: Optional(OneLine("batchId")),
    start: Optional(Schema.Struct({ name: OneLine("--start"), ...Claim })),
  }),
  Schema.Struct({ type: Schema.Literal("ClaimTask"), ref: Ref, ...Claim }),
  Schema.Struct({ type: Schema.Literal("ClaimReady"), filter: Optional(Schema.Struct({ label: Optional(OneLine("--label")), priority: Optional(Priority), type: Optional(TaskType) })), ...Claim }),
  Schema.Struct({ type: Schema.Literal("UnclaimTask"), ref: Ref, session: Session, force: Optional(Schema.Boolean) }),
  Schema.Struct({ type: Schema.Literal("Heartbeat"), refs: Schema.Array(Ref), session: Session, force: Optional(Schema.Boolean) }),
  Schema.Struct({ type: Schema.Literal("ReleaseOwned"), session: Session }),
  Schema.Struct({
    type: Schema.Literal("UpdateTask"),
    ref: Ref,
    session: Session,
    now: Schema.String,
    status: Optional(TaskStatus),
    reason: Optional(FreeText("--reason")),
    receipt: Optional(OneLine("--receipt")),
    changes: Schema.Struct({
      title: Optional(Required("--title")),
      description: Optional(FreeText("--description")),
      priority: Optional(Priority),
      type: Optional(TaskType),
      labels: Optional(Schema.Array(OneLine("--labels"))),
      currentState: Optional(FreeText("--current-state")),
      nextAction: Optional(FreeText("--next-action")),
      addDecisions: Optional(Schema.Array(FreeText("--add-decision"))),
      removeDecisions: Optional(Schema.Array(FreeText("--remove-decision"))),
      scope: Optional(Schema.NullOr(ScopeSchema)),
      doneWhen: Optional(Schema.Array(FreeText("--done-when"))),
    }),
    /** with status in_progress (a claim): the commit it is claimed at (the engine reads HEAD) */
    head: Optional(Schema.NullOr(Schema.String)),
    /** with status completed: what was done in git since the claim (the engine asks git), judged against the scope */
    work: Optional(given<GitChanges>()),
    /** rewrite a task another session holds */
    force: Optional(Schema.Boolean),
  }),
  Schema.Struct({ type: Schema.Literal("CancelTask"), ref: Ref, reason: FreeText("--reason"), session: Session, force: Optional(Schema.Boolean) }),
  Schema.Struct({ type: Schema.Literal("BlockTasks"), blocker: Ref, blocked: Schema.Array(Ref) }),
  Schema.Struct({ type: Schema.Literal("UnblockTasks"), blocker: Ref, blocked: Schema.Array(Ref) }),
  Schema.Struct({ type: Schema.Literal("ReopenTask"), ref: Ref, reason: Optional(FreeText("--reason")) }),
  Schema.Struct({ type: Schema.Literal("LinkHandoff"), ref: Ref, handoffId: OneLine("--handoff"), agent: OneLine("--agent") }),
  Schema.Struct({ type: Schema.Literal("SettleConflicts"), ids: Schema.Array(OneLine("a conflict id")), note: Optional(FreeText("--note")) }),
);
export type TaskCommand = typeof TaskCommand.Type;
