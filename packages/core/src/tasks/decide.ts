// decide for the tasks stream: the rules of the blocker graph and of claims. A claim is
// decided against the state the stream lock guarantees is current, so of two sessions
// claiming one task, exactly one gets TaskClaimed and the other a Conflict.
import * as Either from "effect/Either";
import { Conflict, InvalidInput, NotFound, type DomainError, type ConditionOf } from "../errors.js";
import { findCycle } from "../graph.js";
import type { TaskCommand, TaskInput } from "./commands.js";
import type { NewTask, TaskChanges, TaskEvent, TaskWas } from "./events.js";
import { allows } from "../machine.js";
import { decideSettle } from "../conflicts.js";
import { judgeScope } from "../scope.js";
import { TASK_TRANSITIONS } from "./values.js";
import { foldEvents, own } from "../envelope.js";
import { claimableTasks, findTask, inFlight, isClosed, openBlockers, taskNotFound, tasksStream } from "./queries.js";
import type { Task, TasksState } from "./state.js";

/** What a claim carries: who, when, and how it treats another session's claim. */
type Claim = Pick<Extract<TaskCommand, { type: "ClaimTask" }>, "session" | "now" | "force" | "staleAfterMs" | "gone" | "head">;

type Result = Either.Either<TaskEvent[], DomainError>;
const ok = (...events: TaskEvent[]): Result => Either.right(events);
const invalid = (condition: ConditionOf<"InvalidInput">, message: string): Result => Either.left(new InvalidInput({ condition, message }));
const conflict = (condition: ConditionOf<"Conflict">, message: string): Result => Either.left(new Conflict({ condition, message }));

/** A slug from a title: lowercase words (of any script) joined by dashes, unique in the graph. */
export const slugFor = (title: string, taken: (s: string) => boolean): string => {
  const words = title.normalize("NFC").toLowerCase().replace(/[^\p{Ll}\p{Lo}\p{Lm}\p{M}\p{Nd}]+/gu, "-").replace(/^-+|-+$/g, "");
  // (cut by code points, never inside a surrogate pair)
  const base = [...words].slice(0, 48).join("").replace(/-+$/, "").replace(/^\p{M}+/u, "") || "task";
  let slug = base;
  for (let i = 2; taken(slug); i++) slug = `${base}-${i}`;
  return slug;
};

const need = (s: TasksState, ref: string): Either.Either<Task, DomainError> => {
  const t = findTask(s, ref);
  return t ? Either.right(t) : Either.left(taskNotFound(ref));
};

const label = (t: Task) => `task ${t.id} (${t.slug})`;


/** Would adding edges blocker -> each blocked close a cycle? Returns the cycle path. */
const cycleWith = (s: TasksState, extra: readonly (readonly [blocked: string, blocker: string])[]): string[] | undefined => {
  const edges = new Map<string, string[]>();
  for (const t of Object.values(s.tasks)) edges.set(t.id, [...t.blockedBy]);
  for (const [blocked, blocker] of extra) edges.set(blocked, [...(edges.get(blocked) ?? []), blocker]);
  return findCycle(edges);
};

/** Turns inputs into NewTask events' data, resolving refs (and batch names) and checking the graph. */
const newTasks = (s: TasksState, inputs: readonly (TaskInput & { name?: string })[]): Either.Either<NewTask[], DomainError> => {
  const byName = new Map<string, string>();
  const slugs = new Set<string>();
  for (const i of inputs) {
    if (i.name !== undefined) {
      if (byName.has(i.name)) return Either.left(new InvalidInput({ condition: "InvalidFile", message: `plan: duplicate task name "${i.name}"` }));
      byName.set(i.name, i.taskId);
    }
  }
  const resolve = (ref: string, what: string): Either.Either<string, DomainError> => {
    const local = byName.get(ref);
    if (local) return Either.right(local);
    const t = findTask(s, ref);
    return t ? Either.right(t.id) : Either.left(new NotFound({ condition: "TaskNotFound", message: `${what}: task "${ref}" not found` }));
  };
  const out: NewTask[] = [];
  for (const i of inputs) {
    const where = i.name !== undefined ? `task "${i.name}"` : "task";
    if (i.slug !== undefined && (findTask(s, i.slug) || slugs.has(i.slug))) return Either.left(new Conflict({ condition: "SlugTaken", message: `${where}: slug "${i.slug}" is taken` }));
    const slug = i.slug ?? slugFor(i.name ?? i.title, (x) => findTask(s, x) !== undefined || slugs.has(x));
    slugs.add(slug);
    const blockedBy: string[] = [];
    for (const b of i.blockedBy ?? []) {
      const r = resolve(b, `${where} --blocked-by`);
      if (Either.isLeft(r)) return Either.left(r.left);
      if (r.right === i.taskId) return Either.left(new InvalidInput({ condition: "InvalidValue", message: `${where} cannot block itself` }));
      blockedBy.push(r.right);
    }
    let parentId: string | null = null;
    if (i.parent !== undefined) {
      const r = resolve(i.parent, `${where} --parent`);
      if (Either.isLeft(r)) return Either.left(r.left);
      parentId = r.right;
    }
    out.push({
      taskId: i.taskId,
      slug,
      title: i.title.trim(),
      description: i.description ?? "",
      type: i.type ?? "task",
      priority: i.priority ?? "P2",
      labels: [...new Set(i.labels ?? [])],
      parentId,
      blockedBy: [...new Set(blockedBy)],
      feature: i.feature ?? null,
      ...(i.scope ? { scope: i.scope } : {}),
      ...(i.doneWhen?.length ? { doneWhen: i.doneWhen } : {}),
    });
  }
  const cycle = cycleWith(s, out.flatMap((t) => t.blockedBy.map((b) => [t.taskId, b] as const)));
  // (named as the user wrote them: a plan's names, not the ids generated for it)
  const nameOf = new Map(inputs.flatMap((i) => (i.name !== undefined ? [[i.taskId, i.name] as const] : [])));
  if (cycle) return Either.left(new InvalidInput({ condition: "BlockerCycle", message: `blocker cycle: ${cycle.map((id) => nameOf.get(id) ?? id).join(" -> ")}` }));
  return Either.right(out);
};

/** What an edit replaces, as this writer sees it (a merge that finds other values names them). */
const wasOf = (t: Task, c: TaskChanges): TaskWas => ({
  ...(c.title !== undefined ? { title: t.title } : {}),
  ...(c.description !== undefined ? { description: t.description } : {}),
  ...(c.priority !== undefined ? { priority: t.priority } : {}),
  ...(c.type !== undefined ? { type: t.type } : {}),
  ...(c.labels !== undefined ? { labels: t.labels } : {}),
  ...(c.currentState !== undefined ? { currentState: t.continuation.currentState } : {}),
  ...(c.nextAction !== undefined ? { nextAction: t.continuation.nextAction } : {}),
});

const decideClaim = (s: TasksState, t: Task, c: Claim): Result => {
  if (!allows(TASK_TRANSITIONS, t.status, "in_progress")) return invalid("TransitionNotAllowed", `${label(t)} is ${t.status}; reopen it first (\`maestro task reopen ${t.id}\`)`);
  const open = openBlockers(s, t);
  if (open.length) return invalid("TaskBlocked", `${label(t)} is blocked by ${open.map((b) => `${b.id} (${b.status})`).join(", ")}`);
  let previous: string | null = null;
  let reason: string | undefined;
  if (t.assignee === c.session) return Either.right([]);
  if (t.assignee !== null) {
    const idle = Date.parse(c.now) - Date.parse(t.lastActivityAt);
    if (c.force) reason = "forced";
    else if (c.gone && Object.hasOwn(c.gone, t.assignee)) reason = `holder gone: ${c.gone[t.assignee]}`;
    else if (c.staleAfterMs !== undefined && idle > c.staleAfterMs) reason = `lease expired: ${t.assignee} idle since ${t.lastActivityAt}`;
    else return conflict("TaskAlreadyClaimed", `${label(t)} is already claimed by ${t.assignee}${c.staleAfterMs !== undefined ? ` (its lease runs until ${new Date(Date.parse(t.lastActivityAt) + c.staleAfterMs).toISOString()})` : ""}; pass --force to take it over`);
    previous = t.assignee;
  }
  const held = inFlight(s, c.session).filter((x) => x.id !== t.id);
  if (held.length && !c.force) return conflict("SessionBusy", `session ${c.session} already holds ${held.map((x) => x.id).join(", ")}; finish or unclaim it first, or pass --force`);
  return ok({ type: "TaskClaimed", data: { taskId: t.id, session: c.session, previous, from: t.status, ...(reason ? { reason } : {}), ...(c.head !== undefined ? { head: c.head } : {}) } });
};

/**
 * A session that lost the task (its claim superseded by a merge, or taken over) writes nothing
 * about it until it claims it again: evolve would skip it as a conflict, so decide refuses it.
 */
const lostBy = (s: TasksState, t: Task, session: string): Result | undefined =>
  t.assignee !== session && own(s.superseded, t.id)?.includes(session)
    ? conflict("TaskHeldByOther", `${label(t)} was taken from ${session} (${t.assignee ? `${t.assignee} holds it` : "nobody holds it now"}); claim it again to work on it (\`maestro task claim ${t.id}\`)`)
    : undefined;

const decideUpdate = (s: TasksState, t: Task, cmd: Extract<TaskCommand, { type: "UpdateTask" }>): Result => {
  const lost = cmd.status !== "in_progress" ? lostBy(s, t, cmd.session) : undefined;
  if (lost) return lost;
  const changes = Object.fromEntries(Object.entries(cmd.changes).filter(([, v]) => v !== undefined)) as TaskChanges;
  const hasChanges = Object.keys(changes).length > 0;
  if (!hasChanges && cmd.status === undefined) return invalid("NothingToChange", `nothing to update; pass --status, --title, --priority, --labels, --current-state, --next-action or a decision`);
  if (isClosed(t) && !(cmd.status === "pending" && !hasChanges)) return invalid("TransitionNotAllowed", `${label(t)} is ${t.status}; reopen it first (\`maestro task reopen ${t.id}\`)`);
  if (hasChanges && t.assignee !== null && t.assignee !== cmd.session && !cmd.force)
    return conflict("TaskHeldByOther", `${label(t)} is held by ${t.assignee}, not ${cmd.session}; only it rewrites the task (pass --force to anyway)`);
  const events: TaskEvent[] = [];
  if (hasChanges) events.push({ type: "TaskUpdated", data: { taskId: t.id, changes, was: wasOf(t, changes) } });
  switch (cmd.status) {
    case undefined:
      break;
    case "in_progress": {
      if (t.status === "in_progress" && t.assignee === cmd.session) break;
      const r = decideClaim(s, t, { session: cmd.session, now: cmd.now, ...(cmd.head !== undefined ? { head: cmd.head } : {}) });
      if (Either.isLeft(r)) return Either.left(r.left);
      events.push(...r.right);
      break;
    }
    case "pending":
      if (isClosed(t)) events.push({ type: "TaskReopened", data: { taskId: t.id, reason: cmd.reason ?? null, from: t.status } });
      else if (t.status === "in_progress") {
        if (t.assignee !== cmd.session) return conflict("TaskHeldByOther", `${label(t)} is claimed by ${t.assignee}; only it can move it back to pending (or \`task unclaim --force\`)`);
        events.push({ type: "TaskUnclaimed", data: { taskId: t.id, session: cmd.session, from: t.status } });
      }
      break;
    case "cancelled": {
      // (the same as `task cancel`, in the same write as the field changes)
      const r = decideCancel(s, t, cmd.session, cmd.reason, cmd.force === true);
      if (Either.isLeft(r)) return r;
      events.push(...r.right);
      break;
    }
    case "completed": {
      if (!allows(TASK_TRANSITIONS, t.status, "completed")) return invalid("TransitionNotAllowed", `${label(t)} is ${t.status}; claim it before completing it`);
      if (t.assignee !== cmd.session) return conflict("TaskHeldByOther", `${label(t)} is claimed by ${t.assignee}, not ${cmd.session}`);
      if (!cmd.reason?.trim()) return invalid("InvalidValue", `completing ${label(t)} needs --reason: what was done, for whoever reads the history`);
      const open = openBlockers(s, t);
      if (open.length) return invalid("TaskBlocked", `${label(t)} is blocked by ${open.map((b) => `${b.id} (${b.status})`).join(", ")}`);
      // (its scope, judged against what was done in git since the claim: straying is refused, naming the paths)
      const files = cmd.work && "files" in cmd.work ? cmd.work.files.map((f) => f.path) : undefined;
      const scope = t.scope && files && !cmd.force ? judgeScope(t.scope, files) : undefined;
      if (scope && !scope.passed) return invalid("OutOfScope", `${label(t)} is out of its scope: ${scope.detail}; undo those changes, or change the scope (\`maestro task update ${t.id} --scope ...\`), or pass --force`);
      events.push({ type: "TaskCompleted", data: { taskId: t.id, reason: cmd.reason ?? null, receipt: cmd.receipt ?? null, from: t.status, ...(cmd.work ? { changes: cmd.work } : {}) } });
      break;
    }
  }
  return ok(...events);
};

const decideCancel = (s: TasksState, t: Task, session: string, reason: string | undefined, force: boolean): Result => {
  if (!allows(TASK_TRANSITIONS, t.status, "cancelled")) return invalid("TransitionNotAllowed", `${label(t)} is ${t.status} already`);
  if (!reason?.trim()) return invalid("InvalidValue", `cancelling ${label(t)} needs --reason: why it will not be done`);
  if (t.assignee !== null && t.assignee !== session && !force) return conflict("TaskHeldByOther", `${label(t)} is held by ${t.assignee}, not ${session}; pass --force to cancel it anyway`);
  const lost = lostBy(s, t, session);
  if (lost) return lost;
  return ok({ type: "TaskCancelled", data: { taskId: t.id, reason: reason.trim(), from: t.status } });
};

const decideEdges = (s: TasksState, blockerRef: string, blockedRefs: readonly string[], add: boolean): Result => {
  const blocker = need(s, blockerRef);
  if (Either.isLeft(blocker)) return Either.left(blocker.left);
  const ids: string[] = [];
  for (const r of blockedRefs) {
    const t = need(s, r);
    if (Either.isLeft(t)) return Either.left(t.left);
    if (t.right.id === blocker.right.id) return invalid("InvalidValue", `${label(t.right)} cannot block itself`);
    ids.push(t.right.id);
  }
  const b = blocker.right.id;
  if (add) {
    const fresh = [...new Set(ids)].filter((id) => !findTask(s, id)!.blockedBy.includes(b));
    if (!fresh.length) return Either.right([]);
    const cycle = cycleWith(s, fresh.map((id) => [id, b] as const));
    if (cycle) return invalid("BlockerCycle", `blocking would make a cycle: ${cycle.map((id) => findTask(s, id)?.slug ?? id).join(" -> ")}`);
    return ok({ type: "TasksBlocked", data: { blocker: b, blocked: fresh } });
  }
  const present = [...new Set(ids)].filter((id) => findTask(s, id)!.blockedBy.includes(b));
  if (!present.length) return invalid("NothingToChange", `${blockedRefs.join(", ")} ${blockedRefs.length > 1 ? "are" : "is"} not blocked by ${blockerRef}`);
  return ok({ type: "TasksUnblocked", data: { blocker: b, blocked: present } });
};

export const decideTasks = (s: TasksState, cmd: TaskCommand): Result => {
  switch (cmd.type) {
    case "CreateTask":
      return Either.map(newTasks(s, [cmd.task]), ([t]) => [{ type: "TaskCreated", data: t! } as TaskEvent]);
    case "PlanTasks": {
      if (!cmd.tasks.length) return invalid("InvalidFile", "plan: no tasks");
      if (cmd.batchId !== undefined && own(s.batches, cmd.batchId)) return Either.right([]);
      const planned = newTasks(s, cmd.tasks);
      if (Either.isLeft(planned)) return Either.left(planned.left);
      const data = { tasks: planned.right, ...(cmd.batchId !== undefined ? { batchId: cmd.batchId } : {}) };
      const events: TaskEvent[] = [{ type: "TasksPlanned", data }];
      if (cmd.start) {
        const id = cmd.tasks.find((t) => t.name === cmd.start!.name)?.taskId;
        if (!id) return invalid("InvalidValue", `--start: no task named "${cmd.start.name}" in the plan`);
        // the claim is decided against the graph as the plan leaves it
        const after = foldEvents(tasksStream, s, [{ type: "TasksPlanned", data, seq: s.seq + 1, id: "", at: cmd.start.now, actor: cmd.start.session, clock: 0, segment: "", pos: 0 }]);
        const claim = decideClaim(after, findTask(after, id)!, cmd.start);
        if (Either.isLeft(claim)) return Either.left(claim.left);
        events.push(...claim.right);
      }
      return Either.right(events);
    }
    case "ClaimTask":
      return Either.flatMap(need(s, cmd.ref), (t) => decideClaim(s, t, cmd));
    case "ClaimReady": {
      const held = inFlight(s, cmd.session);
      if (held.length && !cmd.force) return conflict("SessionBusy", `session ${cmd.session} already holds ${held.map((x) => x.id).join(", ")}; finish or unclaim it first, or pass --force`);
      const top = claimableTasks(s, cmd.filter ?? {}, cmd.now, cmd.staleAfterMs, cmd.gone)[0];
      // (a ready task is free; a held one here has an expired lease: taken over, recorded as such)
      return top ? decideClaim(s, top, { ...cmd, force: top.assignee === null }) : Either.right([]);
    }
    case "UnclaimTask":
      return Either.flatMap(need(s, cmd.ref), (t) => {
        if (t.status !== "in_progress") return invalid("TransitionNotAllowed", `${label(t)} is ${t.status}, not claimed`);
        if (t.assignee !== cmd.session && !cmd.force) return conflict("TaskHeldByOther", `${label(t)} is claimed by ${t.assignee}, not ${cmd.session}; pass --force to release it anyway`);
        return ok({ type: "TaskUnclaimed", data: { taskId: t.id, session: t.assignee!, from: t.status } });
      });
    case "Heartbeat": {
      const ids: string[] = [];
      for (const r of cmd.refs) {
        const t = need(s, r);
        if (Either.isLeft(t)) return Either.left(t.left);
        if (t.right.assignee !== cmd.session && !cmd.force) return conflict("TaskHeldByOther", `${label(t.right)} is ${t.right.assignee ? `held by ${t.right.assignee}` : "not claimed"}, not by ${cmd.session}; pass --force to refresh it anyway`);
        const lost = lostBy(s, t.right, cmd.session);
        if (lost) return lost;
        ids.push(t.right.id);
      }
      const all = ids.length ? ids : inFlight(s, cmd.session).map((t) => t.id);
      if (!all.length) return invalid("NothingToChange", `session ${cmd.session} holds no task`);
      return ok({ type: "TaskHeartbeat", data: { taskIds: all } });
    }
    case "ReleaseOwned": {
      const ids = inFlight(s, cmd.session).map((t) => t.id);
      return ids.length ? ok({ type: "TasksReleased", data: { session: cmd.session, taskIds: ids } }) : Either.right([]);
    }
    case "UpdateTask":
      return Either.flatMap(need(s, cmd.ref), (t) => decideUpdate(s, t, cmd));
    case "BlockTasks":
      return decideEdges(s, cmd.blocker, cmd.blocked, true);
    case "UnblockTasks":
      return decideEdges(s, cmd.blocker, cmd.blocked, false);
    case "LinkHandoff":
      return Either.flatMap(need(s, cmd.ref), (t) => ok({ type: "TaskHandoffCreated", data: { taskId: t.id, handoffId: cmd.handoffId, agent: cmd.agent } }));
    case "CancelTask":
      return Either.flatMap(need(s, cmd.ref), (t) => decideCancel(s, t, cmd.session, cmd.reason, cmd.force === true));
    case "SettleConflicts":
      return decideSettle(s, cmd.ids, cmd.note);
    case "ReopenTask":
      return Either.flatMap(need(s, cmd.ref), (t) =>
        isClosed(t) ? ok({ type: "TaskReopened", data: { taskId: t.id, reason: cmd.reason ?? null, from: t.status } }) : invalid("TransitionNotAllowed", `${label(t)} is ${t.status}; only a completed or cancelled task can be reopened`),
      );
  }
};
