// How tasks are shown: table rows, one task in full, and what a write changed.
import { scopeText } from "@maestro/core/scope";
import { conflictsOf, findTask } from "@maestro/core/tasks/queries";
import type { Task, TasksState } from "@maestro/core/tasks/state";
import { bold, dim, print, printJson, statusColor, table } from "../../output.js";

export const taskRows = (ts: readonly Task[]) => [
  ["ID", "SLUG", "STATUS", "PRI", "TYPE", "ASSIGNEE", "TITLE"].map(dim),
  ...ts.map((t) => [t.id, t.slug, statusColor(t.status), t.priority, t.type, t.assignee ?? "-", t.title]),
];
export const printTasks = (a: { readonly json?: boolean | undefined }, ts: readonly Task[], empty: string) => (a.json ? printJson(ts) : print(ts.length ? table(taskRows(ts)) : empty));

/** The holder's standing by its lease, for `task show`. */
export interface Lease {
  readonly state: "active" | "idle" | "gone";
  readonly endsAt: string;
  readonly why?: string;
}

export const showTask = (s: TasksState, t: Task, lease?: Lease) => {
  print(`${bold(t.id)}  ${t.slug}  [${statusColor(t.status)}]  ${t.priority} ${t.type}`);
  print(`  ${t.title}`);
  if (t.description) print(`  ${dim(t.description)}`);
  const blockers = t.blockedBy.map((id) => `${id} (${findTask(s, id)?.status ?? "?"})`);
  print(
    table(
      [
        ["assignee", t.assignee ? `${t.assignee} since ${t.claimedAt}${lease ? ` (${lease.state}: ${lease.why ?? `lease ${lease.state === "gone" ? "expired" : "ends"} ${lease.endsAt}`})` : ""}` : "-"],
        ["blocked by", blockers.join(", ") || "-"],
        ["blocks", t.blocks.join(", ") || "-"],
        ["parent", t.parentId ?? "-"],
        ["labels", t.labels.join(", ") || "-"],
        ["feature", t.feature ? `${t.feature.featureId} (mission ${t.feature.missionId})` : "-"],
        ["created", `${t.createdAt} by ${t.createdBy}`],
        ["last activity", t.lastActivityAt],
        ...(t.scope ? [["scope", scopeText(t.scope).join("; ")]] : []),
        ...(t.doneWhen?.length ? [["done when", t.doneWhen.join("; ")]] : []),
        ...(t.completion ? [["completed", `${t.completion.at} by ${t.completion.by}${t.completion.reason ? `: ${t.completion.reason}` : ""}`]] : []),
        ...(t.completion?.changes && "commits" in t.completion.changes ? [["work", `${t.completion.changes.commits.length} commit(s), ${t.completion.changes.files.length} file(s) since the claim`]] : []),
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

export const changed = (a: { readonly json?: boolean | undefined }, what: string, r: { events: { type: string; data: unknown }[]; state: TasksState }, ref: string) => {
  const t = findTask(r.state, ref);
  if (a.json) return printJson({ events: r.events, task: t ?? null });
  if (!r.events.length) return print(`${what}: nothing to do`);
  print(`${what}${t ? `: ${t.id} (${t.slug}) is ${t.status}${t.assignee ? `, held by ${t.assignee}` : ""}` : ""}`);
};
