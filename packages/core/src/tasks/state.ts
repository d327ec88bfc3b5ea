// The folded task graph: every task by id, slugs to ids, and creation order. Blocker edges are
// kept on both ends (blockedBy and blocks) by evolve, so either side reads in O(1). Plain
// records, so the snapshot cache is the state as is; a fold copies them once (`draftTasks`)
// and evolve writes into that copy, so 10k tasks do not cost a 10k-entry copy per event.
import * as Schema from "effect/Schema";
import type { MergeConflict } from "../conflicts.js";
import type { GitChanges } from "../handoff/events.js";
import type { Scope } from "../scope.js";
import { PRIORITIES, TASK_STATUSES, TASK_TYPES } from "./values.js";

export const TaskType = Schema.Literal(...TASK_TYPES);
export type TaskType = typeof TaskType.Type;
export const Priority = Schema.Literal(...PRIORITIES);
export type Priority = typeof Priority.Type;
export const TaskStatus = Schema.Literal(...TASK_STATUSES);
export type TaskStatus = typeof TaskStatus.Type;

export interface Continuation {
  readonly currentState: string | null;
  readonly nextAction: string | null;
  readonly decisions: readonly string[];
}

export interface Task {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly type: TaskType;
  readonly priority: Priority;
  readonly labels: readonly string[];
  readonly parentId: string | null;
  readonly blockedBy: readonly string[];
  readonly blocks: readonly string[];
  readonly status: TaskStatus;
  readonly assignee: string | null;
  readonly claimedAt: string | null;
  readonly lastActivityAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
  /** how it was closed: completed or cancelled */
  readonly completion: { readonly reason: string | null; readonly receipt: string | null; readonly at: string; readonly by: string; readonly changes?: GitChanges } | null;
  /** its contract with the code, and what done looks like (absent: none) */
  readonly scope?: Scope;
  readonly doneWhen?: readonly string[];
  /** the commit its current claim was made at (absent: not known) */
  readonly claimHead?: string | null;
  readonly feature: { readonly missionId: string; readonly featureId: string } | null;
  readonly continuation: Continuation;
  /** handoffs made for this task, oldest first */
  readonly handoffs: readonly string[];
  /** creation order, for ranking ties */
  readonly n: number;
}

export interface TasksState {
  readonly seq: number;
  /** events a merge made inapplicable (a superseded claim, a cycle, a taken slug), kept in the log */
  readonly conflicts: readonly MergeConflict[];
  /** conflicts seen and settled (\`log settle\`), by id: who settled them */
  readonly settled: Readonly<Record<string, string>>;
  /** per task, the sessions whose claim on it a merge superseded (until they claim it again) */
  readonly superseded: Readonly<Record<string, readonly string[]>>;
  readonly tasks: Readonly<Record<string, Task>>;
  /** task id by slug */
  readonly slugs: Readonly<Record<string, string>>;
  readonly count: number;
  /** task plans applied, by batch id: the ids they created */
  readonly batches: Readonly<Record<string, readonly string[]>>;
}
