import { Either } from "effect";
import { describe, expect, it } from "vitest";
import { decideTasks, findTask, readyTasks, tasksStream, type TaskCommand, type TaskEvent, type TasksState, type NewTask } from "@maestro/core";
import { foldAll, spec } from "@maestro/testkit";

const tasks = spec<TasksState, TaskEvent, TaskCommand>(tasksStream, decideTasks);
const t = (taskId: string, over: Partial<NewTask> = {}): TaskEvent => ({
  type: "TaskCreated",
  data: { taskId, slug: taskId.replace("tsk_", ""), title: taskId, description: "", type: "task", priority: "P2", labels: [], parentId: null, blockedBy: [], feature: null, ...over },
});
const claimed = (taskId: string, session: string): TaskEvent => ({ type: "TaskClaimed", data: { taskId, session, previous: null, from: "pending" } });
const now = "2026-01-01T10:00:00.000Z";

describe("tasks decide", () => {
  it("ranks ready tasks P0 first, then by creation, and leaves out blocked and claimed ones", () => {
    const s = foldAll(tasksStream, [t("tsk_a"), t("tsk_b", { priority: "P0" }), t("tsk_c", { blockedBy: ["tsk_a"] }), t("tsk_d"), claimed("tsk_d", "x")]);
    expect(readyTasks(s).map((x) => x.id)).toEqual(["tsk_b", "tsk_a"]);
    expect(findTask(s, "a")!.blocks).toEqual(["tsk_c"]);
  });

  it("claims a free task for the session", () => {
    tasks.given([t("tsk_a")]).when({ type: "ClaimTask", ref: "a", session: "s1", now }).then([claimed("tsk_a", "s1")]);
  });

  it("rejects a claim on a task another session holds", () => {
    tasks.given([t("tsk_a"), claimed("tsk_a", "s1")]).when({ type: "ClaimTask", ref: "tsk_a", session: "s2", now }).thenThrows("Conflict", /already claimed by s1/);
  });

  it("takes over a claim with --force, or when the owner is idle past --stale-after", () => {
    tasks.given([t("tsk_a"), claimed("tsk_a", "s1")]).when({ type: "ClaimTask", ref: "tsk_a", session: "s2", now, force: true }).then([{ type: "TaskClaimed", data: { taskId: "tsk_a", session: "s2", previous: "s1", from: "in_progress", reason: "forced" } }]);
    const r = decideTasks(foldAll(tasksStream, [t("tsk_a"), claimed("tsk_a", "s1")]), { type: "ClaimTask", ref: "tsk_a", session: "s2", now: "2026-02-01T00:00:00.000Z", staleAfterMs: 3_600_000 });
    expect(Either.getOrThrow(r)[0]).toMatchObject({ data: { previous: "s1", reason: expect.stringMatching(/^lease expired: s1 idle since/) } });
    tasks.given([t("tsk_a"), claimed("tsk_a", "s1")]).when({ type: "ClaimTask", ref: "tsk_a", session: "s2", now: "2026-01-01T00:00:05.000Z", staleAfterMs: 3_600_000 }).thenThrows("Conflict");
  });

  it("refuses a second in-flight task for one session unless forced", () => {
    tasks.given([t("tsk_a"), t("tsk_b"), claimed("tsk_a", "s1")]).when({ type: "ClaimTask", ref: "tsk_b", session: "s1", now }).thenThrows("Conflict", /already holds tsk_a/);
  });

  it("refuses to claim or complete a task whose blocker is open", () => {
    tasks.given([t("tsk_a"), t("tsk_b", { blockedBy: ["tsk_a"] })]).when({ type: "ClaimTask", ref: "tsk_b", session: "s1", now }).thenThrows("InvalidInput", /blocked by tsk_a \(pending\)/);
  });

  it("refuses self-blocks, unknown ids and cycles, direct or transitive", () => {
    const g = [t("tsk_a"), t("tsk_b", { blockedBy: ["tsk_a"] }), t("tsk_c", { blockedBy: ["tsk_b"] })];
    tasks.given(g).when({ type: "BlockTasks", blocker: "tsk_a", blocked: ["tsk_a"] }).thenThrows("InvalidInput", /cannot block itself/);
    tasks.given(g).when({ type: "BlockTasks", blocker: "tsk_b", blocked: ["tsk_a"] }).thenThrows("InvalidInput", /cycle/);
    tasks.given(g).when({ type: "BlockTasks", blocker: "tsk_c", blocked: ["tsk_a"] }).thenThrows("InvalidInput", /cycle: a -> c -> b -> a$/);
    tasks.given(g).when({ type: "BlockTasks", blocker: "tsk_a", blocked: ["tsk_nope"] }).thenThrows("NotFound");
    tasks.given(g).when({ type: "BlockTasks", blocker: "tsk_c", blocked: ["tsk_x"] }).thenThrows("NotFound");
  });

  it("blocks several tasks with one event and keeps edges symmetric", () => {
    const g = [t("tsk_a"), t("tsk_b"), t("tsk_c")];
    tasks.given(g).when({ type: "BlockTasks", blocker: "a", blocked: ["b", "c"] }).then([{ type: "TasksBlocked", data: { blocker: "tsk_a", blocked: ["tsk_b", "tsk_c"] } }]);
    const s = foldAll<TasksState, TaskEvent>(tasksStream, [...g, { type: "TasksBlocked", data: { blocker: "tsk_a", blocked: ["tsk_b", "tsk_c"] } }]);
    expect(findTask(s, "a")!.blocks).toEqual(["tsk_b", "tsk_c"]);
    expect(findTask(s, "c")!.blockedBy).toEqual(["tsk_a"]);
  });

  it("refuses to edit a completed task until it is reopened", () => {
    const done: TaskEvent = { type: "TaskCompleted", data: { taskId: "tsk_a", reason: null, receipt: null, from: "in_progress" } };
    tasks.given([t("tsk_a"), claimed("tsk_a", "s1"), done]).when({ type: "UpdateTask", ref: "tsk_a", session: "s1", now, changes: { title: "x" } }).thenThrows("InvalidInput", /completed; reopen it first/);
    tasks.given([t("tsk_a"), claimed("tsk_a", "s1"), done]).when({ type: "ReopenTask", ref: "tsk_a" }).then([{ type: "TaskReopened", data: { taskId: "tsk_a", reason: null, from: "completed" } }]);
  });

  it("plans a batch with local names, all or nothing", () => {
    const r = decideTasks(foldAll(tasksStream, []), {
      type: "PlanTasks",
      tasks: [
        { name: "one", taskId: "tsk_1", title: "One" },
        { name: "two", taskId: "tsk_2", title: "Two", blockedBy: ["one"] },
      ],
      start: { name: "one", session: "s1", now },
    });
    const events = Either.getOrThrow(r);
    expect(events.map((e) => e.type)).toEqual(["TasksPlanned", "TaskClaimed"]);
    expect((events[0]!.data as { tasks: NewTask[] }).tasks[1]!.blockedBy).toEqual(["tsk_1"]);
    tasks.given([]).when({ type: "PlanTasks", tasks: [{ name: "one", taskId: "tsk_1", title: "One", blockedBy: ["ghost"] }] }).thenThrows("NotFound", /ghost/);
    tasks
      .given([])
      .when({ type: "PlanTasks", tasks: [{ name: "one", taskId: "tsk_1", title: "One", blockedBy: ["two"] }, { name: "two", taskId: "tsk_2", title: "Two", blockedBy: ["one"] }] })
      .thenThrows("InvalidInput", /cycle/);
  });

  it("ready --claim takes the top ready task, and answers nothing when none is", () => {
    tasks.given([t("tsk_a"), t("tsk_b", { priority: "P1" })]).when({ type: "ClaimReady", session: "s1", now }).then([claimed("tsk_b", "s1")]);
    tasks.given([t("tsk_a"), claimed("tsk_a", "s2")]).when({ type: "ClaimReady", session: "s1", now }).then([]);
  });
});
