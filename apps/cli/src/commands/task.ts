import type { Argv } from "yargs";
import * as Either from "effect/Either";
import { parseDuration, formatAge } from "@maestro/core/duration";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import type { TaskCommand } from "@maestro/core/tasks/decide";
import type { TaskChanges } from "@maestro/core/tasks/events";
import { allTasks, boardOf, conflictsOf, findTask, inFlight, isReady, lostClaims, openBlockers, stuckTasks, type TaskFilter } from "@maestro/core/tasks/queries";
import type { Task, TasksState } from "@maestro/core/tasks/state";
import { PRIORITIES, TASK_STATUSES, TASK_TYPES } from "@maestro/core/tasks/values";
import type { Ctx } from "@maestro/engine/context";
import { loadTasks, readyTasksOf, taskHistory } from "@maestro/engine/tasks";
import { atOf, csv, oneOf, sessionCtxOf, withAt, type Common } from "../args.js";
import { bold, dim, print, printJson, statusColor, table } from "../output.js";
import { eventSummary } from "@maestro/core/summary";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/task-commands");

interface Args extends Common {
  readonly session?: string;
  readonly id?: string;
  readonly ids?: string[];
  readonly title?: string;
  readonly type?: string;
  readonly priority?: string;
  readonly labels?: string;
  readonly label?: string;
  readonly parent?: string;
  readonly blockedBy?: string;
  readonly description?: string;
  readonly feature?: string;
  readonly slug?: string;
  readonly status?: string;
  readonly assignee?: string;
  readonly limit?: number;
  readonly claim?: boolean;
  readonly force?: boolean;
  readonly staleAfter?: string;
  readonly olderThan?: string;
  readonly reason?: string;
  readonly receipt?: string;
  readonly currentState?: string;
  readonly nextAction?: string;
  readonly addDecision?: string[];
  readonly removeDecision?: string[];
  readonly file?: string;
  readonly dryRun?: boolean;
  readonly start?: string;
}

const priorityOf = (p: string | undefined) => (p === undefined ? undefined : oneOf("priority", /^\d$/.test(p) ? `P${p}` : p.toUpperCase(), PRIORITIES));
/** `--limit`: 0 (or none) means all; a negative count is a mistake. */
const limitFlag = (n: number | undefined) => {
  if (n === undefined || n === 0) return undefined;
  if (!Number.isInteger(n) || n < 0) throw new InvalidInput({ condition: "InvalidValue", message: `--limit must be a whole number, 0 for all; got ${n}` });
  return n;
};
const filterOf = (a: Args): TaskFilter => {
  const priority = priorityOf(a.priority);
  return { ...(a.label !== undefined ? { label: a.label } : {}), ...(priority ? { priority } : {}), ...(a.type !== undefined ? { type: oneOf("type", a.type, TASK_TYPES) } : {}) };
};
const durationOf = (flag: string, v: string | undefined) => (v === undefined ? undefined : Either.getOrThrowWith(parseDuration(flag, v), (e) => e));

const taskRows = (ts: readonly Task[]) => [
  ["ID", "SLUG", "STATUS", "PRI", "TYPE", "ASSIGNEE", "TITLE"].map(dim),
  ...ts.map((t) => [t.id, t.slug, statusColor(t.status), t.priority, t.type, t.assignee ?? "-", t.title]),
];
const printTasks = (a: Args, ts: readonly Task[], empty: string) => (a.json ? printJson(ts) : print(ts.length ? table(taskRows(ts)) : empty));

const run = async (a: Args, cmd: (ctx: Ctx) => TaskCommand) => {
  const ctx = sessionCtxOf(a);
  return { ctx, ...(await (await commands()).runTaskCommand(ctx, cmd(ctx))) };
};
const need = (s: TasksState, ref: string) => {
  const t = findTask(s, ref);
  if (!t) throw new NotFound({ condition: "TaskNotFound", message: `task "${ref}" not found; see \`maestro task list\`` });
  return t;
};

const showTask = (s: TasksState, t: Task) => {
  print(`${bold(t.id)}  ${t.slug}  [${statusColor(t.status)}]  ${t.priority} ${t.type}`);
  print(`  ${t.title}`);
  if (t.description) print(`  ${dim(t.description)}`);
  const blockers = t.blockedBy.map((id) => `${id} (${findTask(s, id)?.status ?? "?"})`);
  print(
    table(
      [
        ["assignee", t.assignee ? `${t.assignee} since ${t.claimedAt}` : "-"],
        ["blocked by", blockers.join(", ") || "-"],
        ["blocks", t.blocks.join(", ") || "-"],
        ["parent", t.parentId ?? "-"],
        ["labels", t.labels.join(", ") || "-"],
        ["feature", t.feature ? `${t.feature.featureId} (mission ${t.feature.missionId})` : "-"],
        ["created", `${t.createdAt} by ${t.createdBy}`],
        ["last activity", t.lastActivityAt],
        ...(t.completion ? [["completed", `${t.completion.at} by ${t.completion.by}${t.completion.reason ? `: ${t.completion.reason}` : ""}`]] : []),
        ...conflictsOf(s, t.id).map((c) => ["merge conflict", `${c.type} by ${c.actor} at ${c.at}: ${c.reason}`]),
      ],
      "  ",
    ),
  );
  const c = t.continuation;
  if (c.currentState || c.nextAction || c.decisions.length) {
    print(`\n${bold("continuation")}`);
    if (c.currentState) print(`  current state: ${c.currentState}`);
    if (c.nextAction) print(`  next action:   ${c.nextAction}`);
    for (const d of c.decisions) print(`  decision:      ${d}`);
  }
};

const changed = (a: Args, what: string, r: { events: { type: string; data: unknown }[]; state: TasksState }, ref: string) => {
  const t = findTask(r.state, ref);
  if (a.json) return printJson({ events: r.events, task: t ?? null });
  if (!r.events.length) return print(`${what}: nothing to do`);
  print(`${what}${t ? `: ${t.id} (${t.slug}) is ${t.status}${t.assignee ? `, held by ${t.assignee}` : ""}` : ""}`);
};

export const register = (y: Argv) =>
  y.command("task", "the daily queue: a blocker graph of tasks with exactly-one-winner claims", (m) => {
    m.example("maestro task create \"Fix login timeout\" --type bug -p P1", "");
    m.example("maestro task ready --claim", "");
    m.example("maestro task update <id> --status completed --reason \"patched\"", "");
    m.example("maestro task status", "");
    m.option("session", { type: "string", describe: "who is working (default: $MAESTRO_SESSION, the actor, an agent session, or this terminal)" });
    m.command(
      "create <title>",
      "create a task",
      (b) =>
        b
          .positional("title", { type: "string", demandOption: true })
          .option("type", { type: "string", describe: TASK_TYPES.join(" | ") })
          .option("priority", { alias: "p", type: "string", describe: "P0 (highest) .. P4; default P2" })
          .option("labels", { type: "string", describe: "comma-separated" })
          .option("parent", { type: "string" })
          .option("blocked-by", { type: "string", describe: "comma-separated task ids or slugs" })
          .option("description", { alias: "d", type: "string" })
          .option("slug", { type: "string", describe: "human id such as fix/login-timeout (default: from the title)" })
          .option("feature", { type: "string", describe: "link a mission feature (with --mission)" })
          .option("mission", { alias: "m", type: "string" }),
      async (raw) => {
        const a = raw as Args;
        if (a.feature && !a.mission) throw new InvalidInput({ condition: "UsageError", message: "--feature needs --mission <id>" });
        const type = a.type === undefined ? undefined : oneOf("type", a.type, TASK_TYPES);
        const priority = priorityOf(a.priority);
        const r = await run(a, (ctx) => ({
          type: "CreateTask",
          task: {
            taskId: ctx.newId("task"),
            title: a.title!,
            ...(a.slug !== undefined ? { slug: a.slug } : {}),
            ...(a.description !== undefined ? { description: a.description } : {}),
            ...(type ? { type } : {}),
            ...(priority ? { priority } : {}),
            labels: csv(a.labels),
            ...(a.parent ? { parent: a.parent } : {}),
            blockedBy: csv(a.blockedBy),
            ...(a.feature ? { feature: { missionId: a.mission!, featureId: a.feature } } : {}),
          },
        }));
        const id = (r.events[0]!.data as { taskId: string }).taskId;
        changed(a, "created", r, id);
      },
    );
    m.command(
      "list",
      "list tasks",
      (b) =>
        withAt(b)
          .option("status", { type: "string", describe: TASK_STATUSES.join(" | ") })
          .option("priority", { type: "string" })
          .option("type", { type: "string" })
          .option("label", { type: "string" })
          .option("parent", { type: "string" })
          .option("assignee", { type: "string" })
          .option("limit", { type: "number", describe: "at most this many (0: all)" }),
      async (raw) => {
        const a = raw as Args;
        const s = (await loadTasks(sessionCtxOf(a), atOf(a))).state;
        const status = a.status === undefined ? undefined : oneOf("status", a.status, TASK_STATUSES);
        const priority = priorityOf(a.priority);
        const type = a.type === undefined ? undefined : oneOf("type", a.type, TASK_TYPES);
        const parent = a.parent === undefined ? undefined : need(s, a.parent).id;
        let ts = allTasks(s).filter(
          (t) =>
            (!status || t.status === status) &&
            (!priority || t.priority === priority) &&
            (!type || t.type === type) &&
            (!a.label || t.labels.includes(a.label)) &&
            (!parent || t.parentId === parent) &&
            (!a.assignee || t.assignee === a.assignee),
        );
        const limit = limitFlag(a.limit);
        if (limit !== undefined) ts = ts.slice(0, limit);
        printTasks(a, ts, "no tasks match");
      },
    );
    m.command(
      "show <id>",
      "show a task: blockers, owner, continuation",
      (b) => withAt(b.positional("id", { type: "string", demandOption: true })),
      async (raw) => {
        const a = raw as Args;
        const s = (await loadTasks(sessionCtxOf(a), atOf(a))).state;
        const t = need(s, a.id!);
        if (a.json) printJson({ ...t, openBlockers: openBlockers(s, t).map((x) => x.id), conflicts: conflictsOf(s, t.id) });
        else showTask(s, t);
      },
    );
    m.command(
      "ready",
      "tasks ready to work on (pending, unassigned, every blocker completed), P0 first",
      (b) =>
        withAt(b)
          .option("limit", { type: "number", describe: "at most this many (0: all)" })
          .option("label", { type: "string", describe: "only tasks with this label" })
          .option("priority", { alias: "p", type: "string", describe: "only this priority, P0..P4" })
          .option("type", { type: "string", describe: `only this type: ${TASK_TYPES.join(" | ")}` })
          .option("unassigned", { type: "boolean", describe: "only tasks nobody holds (always so: a held task is in progress, not ready)" })
          .option("claim", { type: "boolean", describe: "claim the top ready task (of those the filters leave), atomically" })
          .option("force", { type: "boolean", describe: "claim even while this session holds another task" }),
      async (raw) => {
        const a = raw as Args;
        const filter = filterOf(a);
        if (a.claim) {
          const r = await run(a, (ctx) => ({ type: "ClaimReady", session: ctx.actor, now: ctx.now(), filter, ...(a.force ? { force: true } : {}) }));
          const claimed = r.events[0]?.data as { taskId: string } | undefined;
          const t = claimed ? findTask(r.state, claimed.taskId)! : null;
          if (a.json) return printJson({ claimed: t, events: r.events });
          return print(t ? `claimed ${t.id} (${t.slug}) ${t.priority} ${t.title}` : "nothing ready to claim");
        }
        const limit = limitFlag(a.limit);
        printTasks(a, await readyTasksOf(sessionCtxOf(a), { ...atOf(a), filter, ...(limit === undefined ? {} : { limit }) }), Object.keys(filter).length ? "nothing ready matches" : "nothing ready");
      },
    );
    m.command(
      "claim <id>",
      "claim a task for this session (exactly one of several racing sessions wins)",
      (b) =>
        b
          .positional("id", { type: "string", demandOption: true })
          .option("force", { type: "boolean", describe: "take it over from its owner, or hold a second task" })
          .option("stale-after", { type: "string", describe: "take it over if the owner has been idle this long (e.g. 4h)" }),
      async (raw) => {
        const a = raw as Args;
        const staleAfterMs = durationOf("stale-after", a.staleAfter);
        const r = await run(a, (ctx) => ({ type: "ClaimTask", ref: a.id!, session: ctx.actor, now: ctx.now(), ...(a.force ? { force: true } : {}), ...(staleAfterMs !== undefined ? { staleAfterMs } : {}) }));
        if (!r.events.length && !a.json) return print(`already yours: ${a.id} is held by ${r.ctx.actor}`);
        changed(a, "claimed", r, a.id!);
      },
    );
    m.command(
      "unclaim <id>",
      "give a claimed task back to the queue",
      (b) => b.positional("id", { type: "string", demandOption: true }).option("force", { type: "boolean", describe: "even if another session holds it" }),
      async (raw) => {
        const a = raw as Args;
        const r = await run(a, (ctx) => ({ type: "UnclaimTask", ref: a.id!, session: ctx.actor, ...(a.force ? { force: true } : {}) }));
        changed(a, "unclaimed", r, a.id!);
      },
    );
    m.command(
      "heartbeat [ids..]",
      "record activity on this session's tasks (all of them by default), so they do not go stale",
      (b) => b.positional("ids", { type: "string", array: true }).option("force", { type: "boolean", describe: "refresh tasks this session does not hold" }),
      async (raw) => {
        const a = raw as Args;
        const r = await run(a, (ctx) => ({ type: "Heartbeat", refs: a.ids ?? [], session: ctx.actor, ...(a.force ? { force: true } : {}) }));
        const ids = (r.events[0]?.data as { taskIds: string[] } | undefined)?.taskIds ?? [];
        if (a.json) printJson({ events: r.events });
        else print(`heartbeat: ${ids.join(", ")}`);
      },
    );
    m.command(
      "release-owned <owner>",
      "give every task a session holds back to the queue (e.g. after it crashed)",
      (b) => b.positional("owner", { type: "string", demandOption: true }),
      async (raw) => {
        const a = raw as Args & { owner: string };
        const r = await run(a, () => ({ type: "ReleaseOwned", session: a.owner }));
        const ids = (r.events[0]?.data as { taskIds: string[] } | undefined)?.taskIds ?? [];
        if (a.json) printJson({ released: ids, events: r.events });
        else print(ids.length ? `released ${ids.join(", ")} from ${a.owner}` : `${a.owner} holds no task`);
      },
    );
    m.command(
      "update <id>",
      "change a task's status, fields or continuation",
      (b) =>
        b
          .positional("id", { type: "string", demandOption: true })
          .option("status", { type: "string", describe: TASK_STATUSES.join(" | ") })
          .option("reason", { type: "string", describe: "why: required with --status completed; recorded with a reopen" })
          .option("receipt", { type: "string", describe: "proof of completion: a commit, a test run" })
          .option("title", { type: "string" })
          .option("description", { type: "string" })
          .option("priority", { type: "string" })
          .option("type", { type: "string" })
          .option("labels", { type: "string", describe: "comma-separated; replaces the labels" })
          .option("current-state", { type: "string", describe: "continuation: where the work stands" })
          .option("next-action", { type: "string", describe: "continuation: what the next agent should do" })
          .option("add-decision", { type: "string", array: true })
          .option("remove-decision", { type: "string", array: true })
          .option("force", { type: "boolean", describe: "rewrite a task another session holds" }),
      async (raw) => {
        const a = raw as Args;
        const status = a.status === undefined ? undefined : oneOf("status", a.status, TASK_STATUSES);
        const priority = priorityOf(a.priority);
        const type = a.type === undefined ? undefined : oneOf("type", a.type, TASK_TYPES);
        const changes: TaskChanges = {
          ...(a.title !== undefined ? { title: a.title } : {}),
          ...(a.description !== undefined ? { description: a.description } : {}),
          ...(priority ? { priority } : {}),
          ...(type ? { type } : {}),
          ...(a.labels !== undefined ? { labels: csv(a.labels) } : {}),
          ...(a.currentState !== undefined ? { currentState: a.currentState } : {}),
          ...(a.nextAction !== undefined ? { nextAction: a.nextAction } : {}),
          ...(a.addDecision?.length ? { addDecisions: a.addDecision } : {}),
          ...(a.removeDecision?.length ? { removeDecisions: a.removeDecision } : {}),
        };
        const r = await run(a, (ctx) => ({
          type: "UpdateTask",
          ref: a.id!,
          session: ctx.actor,
          now: ctx.now(),
          changes,
          ...(status ? { status } : {}),
          ...(a.reason !== undefined ? { reason: a.reason } : {}),
          ...(a.receipt !== undefined ? { receipt: a.receipt } : {}),
          ...(a.force ? { force: true } : {}),
        }));
        // (moving an unclaimed task to in_progress claims it: say so, it now blocks other sessions' claims)
        changed(a, r.events.some((e) => e.type === "TaskClaimed") ? "claimed and updated" : "updated", r, a.id!);
      },
    );
    for (const [verb, add] of [
      ["block", true],
      ["unblock", false],
    ] as const)
      m.command(
        `${verb} <id> <blocked..>`,
        add ? "make <id> block the listed tasks (they wait for it); a cycle is refused" : "remove <id> as a blocker of the listed tasks",
        (b) => b.positional("id", { type: "string", demandOption: true }).positional("blocked", { type: "string", array: true, demandOption: true }),
        async (raw) => {
          const a = raw as Args & { blocked: string[] };
          const r = await run(a, () => ({ type: add ? "BlockTasks" : "UnblockTasks", blocker: a.id!, blocked: a.blocked }));
          const d = r.events[0]?.data as { blocked: string[] } | undefined;
          if (a.json) return printJson({ events: r.events, task: findTask(r.state, a.id!) });
          print(d ? `${a.id} ${add ? "now blocks" : "no longer blocks"} ${d.blocked.join(", ")}` : "nothing to do: already so");
        },
      );
    m.command(
      "cancel <id>",
      "close a task that will not be done: it leaves the queue, no longer blocks, and stays in history",
      (b) =>
        b
          .positional("id", { type: "string", demandOption: true })
          .option("reason", { type: "string", demandOption: true, describe: "why it will not be done" })
          .option("force", { type: "boolean", describe: "even if another session holds it" }),
      async (raw) => {
        const a = raw as Args;
        const r = await run(a, (ctx) => ({ type: "CancelTask", ref: a.id!, reason: a.reason!, session: ctx.actor, ...(a.force ? { force: true } : {}) }));
        changed(a, "cancelled", r, a.id!);
        const freed = findTask(r.state, a.id!)!.blocks.map((id) => findTask(r.state, id)!).filter((t) => isReady(r.state, t));
        if (!a.json && freed.length) print(`now ready: ${freed.map((t) => t.id).join(", ")}`);
      },
    );
    m.command(
      "reopen <id>",
      "move a completed or cancelled task back to pending",
      (b) => b.positional("id", { type: "string", demandOption: true }).option("reason", { type: "string" }),
      async (raw) => {
        const a = raw as Args;
        const r = await run(a, () => ({ type: "ReopenTask", ref: a.id!, ...(a.reason ? { reason: a.reason } : {}) }));
        changed(a, "reopened", r, a.id!);
      },
    );
    m.command(
      "mine",
      "tasks this session holds",
      (b) => withAt(b),
      async (raw) => {
        const a = raw as Args;
        const ctx = sessionCtxOf(a);
        const s = (await loadTasks(ctx, atOf(a))).state;
        // (on stderr, so the JSON stays the list of tasks held)
        for (const c of lostClaims(s, ctx.actor)) ctx.warn(`lost after a merge: ${c.subject}: ${c.reason}; take another with \`maestro task ready --claim\``);
        printTasks(a, inFlight(s, ctx.actor), `${ctx.actor} holds no task`);
      },
    );
    m.command(
      "stuck",
      "in-progress tasks with no activity for a while",
      (b) => withAt(b).option("older-than", { type: "string", default: "4h" }),
      async (raw) => {
        const a = raw as Args;
        const ms = durationOf("older-than", a.olderThan)!;
        const ctx = sessionCtxOf(a);
        const now = ctx.now();
        const ts = stuckTasks((await loadTasks(ctx, atOf(a))).state, now, ms);
        if (a.json) return printJson(ts);
        if (!ts.length) return print(`nothing idle for more than ${a.olderThan}`);
        print(table([["ID", "ASSIGNEE", "IDLE", "TITLE"].map(dim), ...ts.map((t) => [t.id, t.assignee ?? "-", formatAge(Date.parse(now) - Date.parse(t.lastActivityAt)), t.title])]));
      },
    );
    m.command(
      "status",
      "the board: ACTIVE, READY, BLOCKED, dependency tracks, and what to do next",
      (b) => withAt(b),
      async (raw) => {
        const a = raw as Args;
        const ctx = sessionCtxOf(a);
        const s = (await loadTasks(ctx, atOf(a))).state;
        const board = boardOf(s, ctx.actor);
        if (a.json) return printJson({ ...board, blocked: board.blocked.map((x) => ({ ...x.task, waitingOn: x.waitingOn })) });
        const slug = (id: string) => findTask(s, id)?.slug ?? id;
        const line = (t: Task) => `  ${t.id}  ${t.slug}  ${t.priority}  ${t.title}${t.assignee ? dim(`  @${t.assignee}`) : ""}`;
        print(bold(`ACTIVE (${board.active.length})`));
        for (const t of board.active) print(line(t));
        print(bold(`READY (${board.ready.length})`));
        for (const t of board.ready.slice(0, 20)) print(line(t));
        if (board.ready.length > 20) print(dim(`  … ${board.ready.length - 20} more (maestro task ready)`));
        print(bold(`BLOCKED (${board.blocked.length})`));
        for (const x of board.blocked.slice(0, 20)) print(`${line(x.task)}${dim(`  waiting on ${x.waitingOn.map(slug).join(", ")}`)}`);
        if (board.tracks.length) {
          print(bold("TRACKS"));
          for (const tr of board.tracks) print(`  ${tr.map(slug).join(" -> ")}`);
        }
        print(dim(`${board.completed} completed`));
        print(`next: ${board.next ?? "nothing to do; create a task with `maestro task create`"}`);
      },
    );
    m.command(
      "plan",
      "create a batch of tasks from a JSON file, all or nothing (names in the file are batch-local)",
      (b) =>
        b
          .option("file", { alias: "f", type: "string", demandOption: true, describe: "a JSON file, or - for stdin" })
          .option("dry-run", { type: "boolean", describe: "show what would be created; write nothing" })
          .option("start", { type: "string", describe: "claim the task with this name once created" }),
      async (raw) => {
        const a = raw as Args;
        const plan = (await commands()).readTaskPlan(a.file!);
        const cmd = (ctx: Ctx): TaskCommand => ({
          type: "PlanTasks",
          batchId: plan.batchId,
          tasks: plan.tasks.map((t) => ({
            name: t.name,
            taskId: ctx.newId("task"),
            title: t.title,
            ...(t.slug !== undefined ? { slug: t.slug } : {}),
            ...(t.description !== undefined ? { description: t.description } : {}),
            ...(t.type ? { type: t.type } : {}),
            ...(t.priority ? { priority: t.priority } : {}),
            ...(t.labels ? { labels: t.labels } : {}),
            ...(t.parent !== undefined ? { parent: t.parent } : {}),
            ...(t.blockedBy ? { blockedBy: t.blockedBy } : {}),
          })),
          ...(a.start ? { start: { name: a.start, session: ctx.actor, now: ctx.now() } } : {}),
        });
        if (a.dryRun) {
          const ctx = sessionCtxOf(a);
          const planned = (await (await commands()).previewTaskCommand(ctx, cmd(ctx)));
          if (a.json) return printJson({ dryRun: true, batchId: plan.batchId, events: planned });
          if (!planned.length) return print(`plan ${plan.batchId} was applied already: it would create nothing`);
          const tasks = (planned[0]!.data as unknown as { tasks: { slug: string; title: string; blockedBy: string[] }[] }).tasks;
          return print(`would create ${tasks.length} tasks (nothing written):\n${tasks.map((t) => `  ${t.slug}  ${t.title}${t.blockedBy.length ? dim(`  blocked by ${t.blockedBy.length}`) : ""}`).join("\n")}`);
        }
        const r = await run(a, cmd);
        if (!r.events.length) {
          const ids = r.state.batches[plan.batchId] ?? [];
          if (a.json) return printJson({ events: [], batchId: plan.batchId, alreadyApplied: true, tasks: ids.map((id) => findTask(r.state, id)) });
          return print(`plan ${plan.batchId} was applied already (${ids.length} tasks): nothing created; see \`maestro task list\``);
        }
        const created = (r.events[0]!.data as unknown as { tasks: { taskId: string }[] }).tasks.map((t) => findTask(r.state, t.taskId)!);
        if (a.json) return printJson({ events: r.events, batchId: plan.batchId, tasks: created });
        print(`created ${created.length} tasks (plan ${plan.batchId})\n${table(taskRows(created))}`);
      },
    );
    m.command(
      "history <id>",
      "every event that touched a task: who and when",
      (b) => b.positional("id", { type: "string", demandOption: true }),
      async (raw) => {
        const a = raw as Args;
        const { task, events } = (await taskHistory(sessionCtxOf(a), a.id!));
        if (a.json) return printJson({ task: task.id, events });
        print(`${bold(task.id)} ${task.slug}: ${events.length} events`);
        print(table(events.map((e) => [String(e.seq), e.at, e.actor, e.type, eventSummary(e)])));
      },
    );
    return m.demandCommand(1, "name a task command; see `maestro task --help`");
  });
