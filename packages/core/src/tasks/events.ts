// Every event of the tasks stream, declared once. One command, one event: a plan of many tasks
// is one TasksPlanned, blocking several tasks is one TasksBlocked.
import * as Schema from "effect/Schema";
import type { EventOf } from "../envelope.js";
import { makeCodec } from "../schema-codec.js";
import { GitChangesWire } from "../handoff/events.js";
import { ScopeSchema } from "../plan.js";
import { Priority, TaskStatus, TaskType } from "./state.js";

export const NewTask = Schema.Struct({
  taskId: Schema.String,
  slug: Schema.String,
  title: Schema.String,
  description: Schema.String,
  type: TaskType,
  priority: Priority,
  labels: Schema.Array(Schema.String),
  parentId: Schema.NullOr(Schema.String),
  blockedBy: Schema.Array(Schema.String),
  feature: Schema.NullOr(Schema.Struct({ missionId: Schema.String, featureId: Schema.String })),
  /** the files its work may and may not touch: a completion that strays is refused, naming the paths */
  scope: Schema.optional(ScopeSchema),
  /** what done looks like, said in its briefs */
  doneWhen: Schema.optional(Schema.Array(Schema.String)),
});
export type NewTask = typeof NewTask.Type;

/** The fields an edit sets as they are, last writer wins (TaskChanges holds them, TaskWas what they replaced). */
const Fields = {
  title: Schema.optional(Schema.String),
  description: Schema.optional(Schema.String),
  priority: Schema.optional(Priority),
  type: Schema.optional(TaskType),
  labels: Schema.optional(Schema.Array(Schema.String)),
};

export const TaskChanges = Schema.Struct({
  ...Fields,
  currentState: Schema.optional(Schema.String),
  nextAction: Schema.optional(Schema.String),
  addDecisions: Schema.optional(Schema.Array(Schema.String)),
  removeDecisions: Schema.optional(Schema.Array(Schema.String)),
  /** null: no scope any more */
  scope: Schema.optional(Schema.NullOr(ScopeSchema)),
  doneWhen: Schema.optional(Schema.Array(Schema.String)),
});
export type TaskChanges = typeof TaskChanges.Type;

/** the status a status event left: what its writer saw (null: written before it was recorded) */
const From = Schema.NullOr(TaskStatus);
const fromUnknown = { 1: (d: unknown) => ({ ...(d as object), from: null }) };

/** The values an edit replaced, as its writer saw them: a merge that finds others names what it overwrote. */
export const TaskWas = Schema.Struct({
  ...Fields,
  currentState: Schema.optional(Schema.NullOr(Schema.String)),
  nextAction: Schema.optional(Schema.NullOr(Schema.String)),
});
export type TaskWas = typeof TaskWas.Type;

export const TaskEventDefs = {
  TaskCreated: { v: 1, data: NewTask },
  /** `batchId` names the plan (its own, or a hash of its tasks): a plan already applied is not applied twice */
  TasksPlanned: { v: 1, data: Schema.Struct({ tasks: Schema.Array(NewTask), batchId: Schema.optional(Schema.String) }) },
  /** `previous` is set when the claim took the task over from another session */
  /** `head`: the commit the claim was made at, which completing it measures the work from */
  TaskClaimed: { v: 2, data: Schema.Struct({ taskId: Schema.String, session: Schema.String, previous: Schema.NullOr(Schema.String), from: From, reason: Schema.optional(Schema.String), head: Schema.optional(Schema.NullOr(Schema.String)) }), upcast: fromUnknown },
  TaskUnclaimed: { v: 2, data: Schema.Struct({ taskId: Schema.String, session: Schema.String, from: From }), upcast: fromUnknown },
  TasksReleased: { v: 1, data: Schema.Struct({ session: Schema.String, taskIds: Schema.Array(Schema.String) }) },
  TaskHeartbeat: { v: 1, data: Schema.Struct({ taskIds: Schema.Array(Schema.String) }) },
  TaskUpdated: { v: 2, data: Schema.Struct({ taskId: Schema.String, changes: TaskChanges, was: Schema.optional(TaskWas) }), upcast: { 1: (d: unknown) => d } },
  /** `changes`: what was done in git since the claim (commits, files, lines) */
  TaskCompleted: { v: 2, data: Schema.Struct({ taskId: Schema.String, reason: Schema.NullOr(Schema.String), receipt: Schema.NullOr(Schema.String), from: From, changes: Schema.optional(GitChangesWire) }), upcast: fromUnknown },
  /** a terminal status: the task leaves the queue, unblocks what it blocked, and stays in history */
  TaskCancelled: { v: 2, data: Schema.Struct({ taskId: Schema.String, reason: Schema.String, from: From }), upcast: fromUnknown },
  TaskReopened: { v: 2, data: Schema.Struct({ taskId: Schema.String, reason: Schema.NullOr(Schema.String), from: From }), upcast: fromUnknown },
  TasksBlocked: { v: 1, data: Schema.Struct({ blocker: Schema.String, blocked: Schema.Array(Schema.String) }) },
  TasksUnblocked: { v: 1, data: Schema.Struct({ blocker: Schema.String, blocked: Schema.Array(Schema.String) }) },
  /** merge conflicts seen and settled by whoever records this (`log settle`): no longer counted as open */
  ConflictsSettled: { v: 1, data: Schema.Struct({ ids: Schema.Array(Schema.String), note: Schema.NullOr(Schema.String) }) },
  /** a handoff was made for the task: the continuation's `handoff_created` */
  TaskHandoffCreated: { v: 1, data: Schema.Struct({ taskId: Schema.String, handoffId: Schema.String, agent: Schema.String }) },
} as const;

export type TaskEvent = EventOf<typeof TaskEventDefs>;
export const taskCodec = makeCodec("tasks", TaskEventDefs);
