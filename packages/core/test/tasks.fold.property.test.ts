// The tasks fold works in place on a private draft; these walks check that it never writes
// into a state or an event someone else holds, and that folding in steps equals one fold.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldEvents, findTask, readyTasks, tasksStream, type Recorded, type TaskEvent, type TasksState } from "@maestro/core";
import { deepFreeze, record } from "@maestro/testkit";

const ids = ["tsk_a", "tsk_b", "tsk_c", "tsk_d"];
const id = fc.constantFrom(...ids);
const some = fc.uniqueArray(id, { minLength: 1, maxLength: 3 });
const newTask = (taskId: string, blockedBy: string[]) =>
  ({ taskId, slug: `slug-${taskId}`, title: taskId, description: "", type: "task", priority: "P2", labels: [], parentId: null, blockedBy, feature: null }) as const;

const event: fc.Arbitrary<TaskEvent> = fc.oneof(
  fc.tuple(id, fc.uniqueArray(id, { maxLength: 2 })).map(([t, b]): TaskEvent => ({ type: "TaskCreated", data: newTask(t, b.filter((x) => x !== t)) })),
  fc.tuple(id, fc.constantFrom("s1", "s2")).map(([t, session]): TaskEvent => ({ type: "TaskClaimed", data: { taskId: t, session, previous: null, from: null } })),
  id.map((t): TaskEvent => ({ type: "TaskUnclaimed", data: { taskId: t, session: "s1", from: null } })),
  some.map((taskIds): TaskEvent => ({ type: "TasksReleased", data: { session: "s1", taskIds } })),
  some.map((taskIds): TaskEvent => ({ type: "TaskHeartbeat", data: { taskIds } })),
  fc.tuple(id, fc.string({ maxLength: 3 })).map(([t, d]): TaskEvent => ({ type: "TaskUpdated", data: { taskId: t, changes: { nextAction: d, addDecisions: [d] } } })),
  id.map((t): TaskEvent => ({ type: "TaskCompleted", data: { taskId: t, reason: null, receipt: null, from: null } })),
  id.map((t): TaskEvent => ({ type: "TaskReopened", data: { taskId: t, reason: null, from: null } })),
  fc.tuple(id, some).map(([blocker, blocked]): TaskEvent => ({ type: "TasksBlocked", data: { blocker, blocked: blocked.filter((x) => x !== blocker) } })),
  fc.tuple(id, some).map(([blocker, blocked]): TaskEvent => ({ type: "TasksUnblocked", data: { blocker, blocked } })),
  id.map((t): TaskEvent => ({ type: "TaskHandoffCreated", data: { taskId: t, handoffId: "hnd_1", agent: "codex" } })),
);

describe("tasks fold", () => {
  it("folding one event at a time over frozen states equals one fold of each prefix, and never writes into an earlier state", () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        const recorded = record(events) as Recorded<TaskEvent>[];
        // frozen: a fold that wrote into an earlier state or an event would throw here
        const states: TasksState[] = [deepFreeze(tasksStream.initial)];
        for (const e of recorded) states.push(deepFreeze(foldEvents(tasksStream, states.at(-1)!, [deepFreeze(e)])));
        // every prefix in one fold equals the state reached step by step
        states.forEach((s, n) => expect(foldEvents(tasksStream, tasksStream.initial, recorded.slice(0, n))).toEqual(s));
        expect(readyTasks(states.at(-1)!).every((t) => t.status === "pending" && t.assignee === null)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("a name that is not a task's (a key every object has) finds nothing", () => {
    const s = foldEvents(tasksStream, tasksStream.initial, record([{ type: "TaskCreated", data: newTask("tsk_a", []) }] as TaskEvent[]) as Recorded<TaskEvent>[]);
    for (const ref of ["constructor", "toString", "__proto__", "hasOwnProperty"]) expect(findTask(s, ref)).toBeUndefined();
    expect(findTask(s, "slug-tsk_a")?.id).toBe("tsk_a");
  });
});
