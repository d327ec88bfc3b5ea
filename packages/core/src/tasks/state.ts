// The folded task graph: every task by id, slugs to ids, and creation order. Blocker edges are
// kept on both ends (blockedBy and blocks) by evolve, so either side reads in O(1). Tasks live
// in a persistent HashMap: an event touches one or a few tasks, and copying a 10k-entry
// record per event would make a fold quadratic. The snapshot cache stores it as an array.
import { HashMap, Schema } from "effect";

export const TaskType = Schema.Literal("task", "bug", "feature", "epic", "chore");
export type TaskType = typeof TaskType.Type;
export const Priority = Schema.Literal("P0", "P1", "P2", "P3", "P4");
export type Priority = typeof Priority.Type;
export const TaskStatus = Schema.Literal("pending", "in_progress", "completed");
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
  readonly completion: { readonly reason: string | null; readonly receipt: string | null; readonly at: string; readonly by: string } | null;
  readonly feature: { readonly missionId: string; readonly featureId: string } | null;
  readonly continuation: Continuation;
  /** handoffs made for this task, oldest first */
  readonly handoffs: readonly string[];
  /** creation order, for ranking ties */
  readonly n: number;
}

export interface TasksState {
  readonly seq: number;
  readonly tasks: HashMap.HashMap<string, Task>;
  readonly slugs: HashMap.HashMap<string, string>;
  readonly count: number;
}

export const initialTasksState: TasksState = { seq: 0, tasks: HashMap.empty(), slugs: HashMap.empty(), count: 0 };

export const tasksToJson = (s: TasksState): unknown => ({ seq: s.seq, count: s.count, tasks: [...HashMap.values(s.tasks)] });
export const tasksFromJson = (u: unknown): TasksState => {
  const j = u as { seq: number; count: number; tasks: Task[] };
  // built with transient mutation: the maps are private until returned
  return {
    seq: j.seq,
    count: j.count,
    tasks: HashMap.mutate(HashMap.empty<string, Task>(), (m) => {
      for (const t of j.tasks) HashMap.set(m, t.id, t);
    }),
    slugs: HashMap.mutate(HashMap.empty<string, string>(), (m) => {
      for (const t of j.tasks) HashMap.set(m, t.slug, t.id);
    }),
  };
};
