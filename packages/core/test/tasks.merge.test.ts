// How a merge resolves concurrent task events, one rule of the task table at a time, and as a
// property: two clones deciding commands against their own view, then merged in fold order,
// give the state of a serial history in which every applied event applies cleanly; what the
// merge skipped is exactly what it lists as conflicts.
import { Either } from "effect";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decideTasks,
  openConflicts,
  step,
  TASK_TRANSITIONS,
  tasksStream,
  type NewTask,
  type Recorded,
  type TaskCommand,
  type TaskEvent,
  type TasksState,
} from "@maestro/core";
import { cloneSteps, clonesOf, type Clone as CloneOf } from "@maestro/testkit";

const newTask = (taskId: string): NewTask => ({ taskId, slug: taskId.slice(4), title: taskId, description: "", type: "task", priority: "P2", labels: [], parentId: null, blockedBy: [], feature: null });
const now = "2026-01-01T00:00:00.000Z";

type Clone = CloneOf<TaskEvent>;
const { fold, merged, run, merge } = clonesOf<TasksState, TaskEvent, TaskCommand>(tasksStream, decideTasks, now);

const base = (): Recorded<TaskEvent>[] =>
  ["tsk_a", "tsk_b"].map((id, i) => ({ type: "TaskCreated", data: newTask(id), seq: i + 1, id: `ev_base${i}`, at: now, actor: "op", clock: i + 1, segment: "base", pos: i + 1 }) as Recorded<TaskEvent>);

const team = () => {
  const alice: Clone = { name: "alice", events: base() };
  const bob: Clone = { name: "bob", events: base() };
  return { alice, bob };
};

/** Bumps a clone's clock with commands on another task, so its next command sorts after the other clone's. */
const busy = (c: Clone, n: number) => {
  for (let i = 0; i < n; i++) run(c, { type: "CreateTask", task: { taskId: `tsk_${c.name}${i}`, title: `${c.name} ${i}` } });
};

describe("the task table, one rule at a time", () => {
  it("step: a status event applies where its from still holds, is a no-op where its target holds, else a conflict", () => {
    expect(step(TASK_TRANSITIONS, "pending", "pending", "in_progress")).toBe("apply");
    expect(step(TASK_TRANSITIONS, "cancelled", "cancelled", "cancelled")).toBe("noop");
    expect(step(TASK_TRANSITIONS, "completed", "in_progress", "cancelled")).toBe("conflict");
    expect(step(TASK_TRANSITIONS, "cancelled", "in_progress", "completed")).toBe("conflict");
    expect(step(TASK_TRANSITIONS, "pending", "completed", "pending")).toBe("noop");
    // written before `from` was recorded: wherever the table allows the target
    expect(step(TASK_TRANSITIONS, "pending", null, "cancelled")).toBe("apply");
    expect(step(TASK_TRANSITIONS, "completed", null, "cancelled")).toBe("conflict");
  });

  it("given bob's completion, when alice's concurrent cancel folds after it, then the task stays completed and the cancel is a conflict", () => {
    const { alice, bob } = team();
    run(bob, { type: "ClaimTask", ref: "tsk_a", session: "bob", now });
    run(bob, { type: "UpdateTask", ref: "tsk_a", session: "bob", now, status: "completed", reason: "done", changes: {} });
    busy(alice, 3);
    run(alice, { type: "CancelTask", ref: "tsk_a", reason: "dup", session: "alice" });
    const s = fold(merged(alice.events, bob.events));
    expect(s.tasks["tsk_a"]).toMatchObject({ status: "completed", completion: { reason: "done", by: "bob" } });
    expect(s.conflicts.map((c) => [c.type, c.reason])).toEqual([["TaskCancelled", "task tsk_a is completed after a merge; pending -> cancelled no longer applies"]]);
  });

  it("given alice's cancel, when bob's concurrent claim and completion fold after it, then the task stays cancelled and both are conflicts", () => {
    const { alice, bob } = team();
    run(alice, { type: "CancelTask", ref: "tsk_a", reason: "dup", session: "alice" });
    busy(bob, 3);
    run(bob, { type: "ClaimTask", ref: "tsk_a", session: "bob", now });
    run(bob, { type: "UpdateTask", ref: "tsk_a", session: "bob", now, status: "completed", reason: "done", changes: {} });
    const s = fold(merged(alice.events, bob.events));
    expect(s.tasks["tsk_a"]).toMatchObject({ status: "cancelled", completion: { reason: "dup", by: "alice" } });
    expect(s.conflicts.map((c) => c.type)).toEqual(["TaskClaimed", "TaskCompleted"]);
  });

  it("given two claims of one task, the first in fold order holds it, and the loser's later edit, heartbeat and completion are conflicts, not applied", () => {
    const { alice, bob } = team();
    run(alice, { type: "ClaimTask", ref: "tsk_a", session: "alice", now });
    busy(bob, 2);
    run(bob, { type: "ClaimTask", ref: "tsk_a", session: "bob", now });
    run(bob, { type: "UpdateTask", ref: "tsk_a", session: "bob", now, changes: { currentState: "bob working" } });
    run(bob, { type: "Heartbeat", refs: ["tsk_a"], session: "bob" });
    run(bob, { type: "UpdateTask", ref: "tsk_a", session: "bob", now, status: "completed", reason: "bob's", changes: {} });
    const s = fold(merged(alice.events, bob.events));
    expect(s.tasks["tsk_a"]).toMatchObject({ status: "in_progress", assignee: "alice", continuation: { currentState: null } });
    expect(s.conflicts.map((c) => c.type)).toEqual(["TaskClaimed", "TaskUpdated", "TaskHeartbeat", "TaskCompleted"]);
    expect(s.superseded["tsk_a"]).toEqual(["bob"]);
    // and on the merged state, decide refuses bob's edits until it claims again
    const r = decideTasks(s, { type: "UpdateTask", ref: "tsk_a", session: "bob", now, changes: { currentState: "x" }, force: true });
    expect(Either.isLeft(r) && r.left.message).toMatch(/was taken from bob \(alice holds it\); claim it again/);
  });

  it("given a takeover, the old holder's concurrent completion is a conflict", () => {
    const { alice, bob } = team();
    run(alice, { type: "ClaimTask", ref: "tsk_a", session: "alice", now });
    bob.events = [...alice.events];
    run(bob, { type: "ClaimTask", ref: "tsk_a", session: "bob", now, force: true });
    busy(alice, 2);
    run(alice, { type: "UpdateTask", ref: "tsk_a", session: "alice", now, status: "completed", reason: "mine", changes: {} });
    const s = fold(merged(alice.events, bob.events));
    expect(s.tasks["tsk_a"]).toMatchObject({ status: "in_progress", assignee: "bob" });
    expect(s.conflicts.map((c) => c.reason)).toEqual([expect.stringMatching(/^TaskCompleted by alice, whose claim on tsk_a was superseded/)]);
  });

  it("given two reopens of one task, the second is a no-op", () => {
    const { alice, bob } = team();
    run(alice, { type: "CancelTask", ref: "tsk_a", reason: "x", session: "alice" });
    bob.events = [...alice.events];
    run(alice, { type: "ReopenTask", ref: "tsk_a" });
    run(bob, { type: "ReopenTask", ref: "tsk_a" });
    const s = fold(merged(alice.events, bob.events));
    expect(s.tasks["tsk_a"]!.status).toBe("pending");
    expect(s.conflicts).toEqual([]);
  });

  it("given two edits of one field, the last in fold order wins and the value it overwrote is listed", () => {
    const { alice, bob } = team();
    run(alice, { type: "UpdateTask", ref: "tsk_a", session: "alice", now, changes: { title: "Alice's title" } });
    busy(bob, 2);
    run(bob, { type: "UpdateTask", ref: "tsk_a", session: "bob", now, changes: { title: "Bob's title" } });
    const s = fold(merged(alice.events, bob.events));
    expect(s.tasks["tsk_a"]!.title).toBe("Bob's title");
    expect(s.conflicts.map((c) => [c.kind, c.subject, c.reason])).toEqual([["overwritten", "tsk_a.title", 'title "Alice\'s title" was overwritten by "Bob\'s title"; its writer had seen "tsk_a"']]);
  });

  it("a settled conflict is no longer open", () => {
    const { alice, bob } = team();
    run(alice, { type: "ClaimTask", ref: "tsk_a", session: "alice", now });
    busy(bob, 1);
    run(bob, { type: "ClaimTask", ref: "tsk_a", session: "bob", now });
    const m: Clone = { name: "carol", events: merged(alice.events, bob.events) };
    const id = fold(m.events).conflicts[0]!.id;
    expect(run(m, { type: "SettleConflicts", ids: [id] })).toBe(true);
    const s = fold(m.events);
    expect(openConflicts(s.conflicts, s.settled)).toEqual([]);
    expect(Either.isLeft(decideTasks(s, { type: "SettleConflicts", ids: [id] }))).toBe(true);
  });
});

const ref = fc.constantFrom("tsk_a", "tsk_b");
const command = (session: string): fc.Arbitrary<TaskCommand> =>
  fc.oneof(
    ref.map((r): TaskCommand => ({ type: "ClaimTask", ref: r, session, now })),
    ref.map((r): TaskCommand => ({ type: "ClaimTask", ref: r, session, now, force: true })),
    ref.map((r): TaskCommand => ({ type: "UnclaimTask", ref: r, session })),
    fc.tuple(ref, fc.constantFrom("x", "y")).map(([r, v]): TaskCommand => ({ type: "UpdateTask", ref: r, session, now, changes: { currentState: v, title: v } })),
    ref.map((r): TaskCommand => ({ type: "UpdateTask", ref: r, session, now, status: "completed", reason: "done", changes: {} })),
    ref.map((r): TaskCommand => ({ type: "CancelTask", ref: r, reason: "no", session })),
    ref.map((r): TaskCommand => ({ type: "CancelTask", ref: r, reason: "no", session, force: true })),
    ref.map((r): TaskCommand => ({ type: "ReopenTask", ref: r })),
    ref.map((r): TaskCommand => ({ type: "Heartbeat", refs: [r], session })),
    fc.constant<TaskCommand>({ type: "CreateTask", task: { taskId: `tsk_${session}new`, title: "new" } }),
    fc.constant<TaskCommand>({ type: "ReleaseOwned", session }),
    fc.tuple(ref, ref).map(([blocker, blocked]): TaskCommand => ({ type: "BlockTasks", blocker, blocked: [blocked] })),
    fc.tuple(ref, ref).map(([blocker, blocked]): TaskCommand => ({ type: "UnblockTasks", blocker, blocked: [blocked] })),
  );
const steps = cloneSteps((c) => command(["alice", "bob", "carol"][c]!), { maxLength: 30, commandWeight: 5 });

describe("merging three clones' commands", () => {
  it("gives the state of a serial history in which every applied event applies, with exactly the skipped events listed as conflicts; every clone agrees", () => {
    fc.assert(
      fc.property(steps, (plan) => {
        const { state: m, otherOrder, applied, serial } = merge(plan, base);
        // every clone that has every line folds the same state
        expect(otherOrder).toEqual(m);
        expect(serial.conflicts.filter((c) => c.kind === "skipped")).toEqual([]);
        expect(serial.tasks).toEqual(m.tasks);
        // a history decide would accept: each status event met the status its writer saw (or, a no-op, its target)
        applied.forEach((e, i) => {
          const target = { TaskClaimed: "in_progress", TaskUnclaimed: "pending", TaskCompleted: "completed", TaskCancelled: "cancelled", TaskReopened: "pending" }[e.type as string];
          if (!target) return;
          const d = e.data as { taskId: string; from: string | null };
          const current = fold(applied.slice(0, i)).tasks[d.taskId]?.status;
          expect([e.id, current === d.from || current === target]).toEqual([e.id, true]);
        });
      }),
      { numRuns: 300 },
    );
  });
});
