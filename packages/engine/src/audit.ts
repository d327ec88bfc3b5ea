// `maestro audit`: for each agent run, in order, who ran it, why, what it said, what it did in
// git and what it cost; and the sums per feature, mission, agent and launching session. Read
// from the records alone (launches, the mission logs' replies, the task log), so the audit of a
// past run reads the same tomorrow; only "is this commit still reachable" asks git now.
import type { HandoffRecord } from "@maestro/core/handoff/events";
import type { MissionEvent } from "@maestro/core/mission/events";
import { totalOf } from "@maestro/core/spend";
import { findTask } from "@maestro/core/tasks/queries";
import { reachableCommits } from "@maestro/handoff/git";
import type { Ctx } from "./context.js";
import { listHandoffs } from "./handoffs.js";
import { listReplies } from "./knowledge.js";
import { existingMissionRef } from "./missions.js";
import { loadTasks, tasksExist } from "./tasks.js";
import { requireWorkspace } from "./workspace.js";
import { NotFound } from "@maestro/core/errors";

export interface AuditFilter {
  readonly mission?: string;
  readonly task?: string;
  /** a run's session (`codex:hof_x`), its agent (`codex`), or who launched it */
  readonly by?: string;
  readonly handoff?: string;
}

type ReplyData = Extract<MissionEvent, { type: "ReplyRecorded" }>["data"];

export interface AuditRun {
  readonly id: string;
  readonly who: { readonly agent: string; readonly model: string | null; readonly session: string; readonly launchedBy: string };
  readonly why: { readonly task: string; readonly missionId: string | null; readonly featureId: string | null; readonly taskId: string | null; readonly earlier: readonly { readonly id: string; readonly status: string }[] };
  readonly status: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly said: readonly { readonly replyId: string; readonly outcome: string; readonly result: string; readonly summary: string; readonly gates: readonly { readonly principleId: string; readonly passed: boolean; readonly detail: string }[] }[];
  readonly git: HandoffRecord["git"];
  /** commits it made that no branch or tag reaches any more (a rebase or reset dropped them) */
  readonly unreachable: readonly string[];
  readonly usage: HandoffRecord["usage"];
  readonly budget: HandoffRecord["budget"];
  readonly overBudget: string | null;
}

const sumOf = (runs: readonly AuditRun[]) => {
  const t = totalOf(runs.map((r) => r.usage));
  const files = new Set(runs.flatMap((r) => (r.git?.files ?? []).map((f) => f.path)));
  return { runs: runs.length, costUsd: t.costUsd, inputTokens: t.inputTokens, outputTokens: t.outputTokens, cachedTokens: t.cachedTokens, filesChanged: files.size, unpriced: t.unpriced, estimated: t.estimated };
};

const groupBy = (runs: readonly AuditRun[], key: (r: AuditRun) => string | null) => {
  const m = new Map<string, AuditRun[]>();
  for (const r of runs) {
    const k = key(r);
    if (k !== null) m.set(k, [...(m.get(k) ?? []), r]);
  }
  return [...m].map(([k, rs]) => ({ key: k, ...sumOf(rs) }));
};

export const audit = async (ctx: Ctx, f: AuditFilter) => {
  const ws = requireWorkspace(ctx);
  const all = (await listHandoffs(ctx)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  let taskId: string | undefined;
  if (f.task) {
    const t = tasksExist(ws) ? findTask((await loadTasks(ctx)).state, f.task) : undefined;
    if (!t) throw new NotFound({ condition: "TaskNotFound", message: `task "${f.task}" not found; see \`maestro task list\`` });
    taskId = t.id;
  }
  if (f.mission) existingMissionRef(ctx, f.mission);
  if (f.handoff && !all.some((h) => h.id === f.handoff)) throw new NotFound({ condition: "HandoffNotFound", message: `handoff "${f.handoff}" not found in this project; see \`maestro handoff list\`` });
  const chosen = all.filter(
    (h) =>
      (!f.mission || h.refs.missionId === f.mission) &&
      (!taskId || h.refs.taskId === taskId) &&
      (!f.handoff || h.id === f.handoff) &&
      (!f.by || f.by === `${h.agent}:${h.id}` || f.by === h.agent || f.by === h.createdByAgent),
  );
  // what each run said: the replies its mission recorded for it
  const replies = new Map<string, ReplyData[]>();
  for (const missionId of new Set(chosen.map((h) => h.refs.missionId).filter((x): x is string => x !== null)))
    // (a mission this clone does not have: its runs said nothing here)
    for (const r of await listReplies(ctx, { missionId }).catch((e: unknown) => (e instanceof NotFound ? [] : Promise.reject(e)))) if (r.handoffId) replies.set(r.handoffId, [...(replies.get(r.handoffId) ?? []), r]);
  // (asked of the project, once per project: a worktree the run had may be gone, its commits still in the repository)
  const reachable = new Map<string, ReadonlySet<string> | undefined>();
  const unreachable = (h: HandoffRecord) => {
    if (!reachable.has(h.sourceDir)) reachable.set(h.sourceDir, reachableCommits(h.sourceDir));
    const known = reachable.get(h.sourceDir);
    return known ? (h.git?.commits ?? []).map((c) => c.sha).filter((sha) => !known.has(sha)) : [];
  };
  const runs: AuditRun[] = chosen.map((h) => {
    const earlier = all.filter((p) => p.createdAt < h.createdAt && ((h.refs.featureId && p.refs.featureId === h.refs.featureId && p.refs.missionId === h.refs.missionId) || (h.refs.taskId && p.refs.taskId === h.refs.taskId)));
    return {
      id: h.id,
      who: { agent: h.agent, model: h.usage?.model ?? h.model, session: `${h.agent}:${h.id}`, launchedBy: h.createdByAgent },
      why: { task: h.task, missionId: h.refs.missionId, featureId: h.refs.featureId, taskId: h.refs.taskId, earlier: earlier.map((p) => ({ id: p.id, status: p.status })) },
      status: h.status,
      startedAt: h.startedAt,
      endedAt: h.endedAt,
      said: (replies.get(h.id) ?? []).map((r) => ({ replyId: r.replyId, outcome: r.outcome, result: r.result, summary: r.report.salientSummary, gates: r.verdicts.map((v) => ({ principleId: v.principleId, passed: v.passed, detail: v.detail })) })),
      git: h.git,
      unreachable: h.git?.before ? unreachable(h) : [],
      usage: h.usage,
      budget: h.budget,
      overBudget: h.overBudget,
    };
  });
  return {
    filter: f,
    runs,
    totals: sumOf(runs),
    rollups: {
      features: groupBy(runs, (r) => (r.why.featureId ? `${r.why.missionId}/${r.why.featureId}` : null)),
      missions: groupBy(runs, (r) => r.why.missionId),
      agents: groupBy(runs, (r) => r.who.agent),
      sessions: groupBy(runs, (r) => r.who.launchedBy),
    },
  };
};
export type Audit = Awaited<ReturnType<typeof audit>>;
