// What Mission Control shows, gathered from engine queries only (it never appends). The same
// object is printed by `mission-control --json`.
import type { HandoffRecord } from "@maestro/core/handoff/events";
import { corrections, learnings } from "@maestro/core/memory/memory";
import { activeMilestoneOf, assertionsOf, featuresOf, milestonesOf, progressOf } from "@maestro/core/mission/queries";
import { eventSummary } from "@maestro/core/summary";
import { boardOf } from "@maestro/core/tasks/queries";
import type { Task } from "@maestro/core/tasks/state";
import type { Ctx } from "@maestro/engine/context";
import { listHandoffs, outputTail } from "@maestro/engine/handoffs";
import { loadMemory, principleStats } from "@maestro/engine/knowledge";
import { timeOnly } from "@maestro/engine/at";
import { listConflicts, listEvents, recentEvents } from "@maestro/engine/log";
import { listMissions, loadMission, recentMissionEvents } from "@maestro/engine/missions";
import { loadTasks, tasksExist } from "@maestro/engine/tasks";
import { readSession } from "@maestro/engine/reads";
import { requireWorkspace } from "@maestro/engine/workspace";

const TIMELINE = 200;
const EVENTS = 300;

/** Everything the screens show, now or as of `at` (an ISO time: missions, tasks and launches are separate streams). */
export const takeSnapshot = async (app: Ctx, o: { readonly at?: string } = {}) => {
  // (one read session per refresh: each stream folded once, however many panels ask)
  const ctx = readSession(app);
  const ws = requireWorkspace(ctx);
  const at = o.at === undefined ? undefined : timeOnly(o.at, "missions, tasks and launches");
  const opts = at ? { at } : {};
  const missions = await Promise.all((await listMissions(ctx, at)).map(async (d) => {
    const { folded } = (await loadMission(ctx, d.mission.id, opts));
    const recent = at ? (await listEvents(ctx, { mission: d.mission.id }, opts)).slice(-TIMELINE) : await recentMissionEvents(ctx, d.mission.id, TIMELINE);
    const ring = recent.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, type: e.type, summary: eventSummary(e) }));
    return {
      id: d.mission.id,
      title: d.mission.title,
      status: d.mission.status,
      seq: folded.seq,
      progress: progressOf(d),
      activeMilestone: activeMilestoneOf(d)?.id ?? null,
      milestones: milestonesOf(d).map((m) => ({ id: m.id, title: m.title, kind: m.kind, profile: m.profile, status: m.status })),
      features: featuresOf(d).map((f) => ({ id: f.id, milestoneId: f.milestoneId, title: f.title, status: f.status, agentType: f.agentType, dependsOn: f.dependsOn, reason: f.reason })),
      assertions: assertionsOf(d).map((a) => ({ id: a.id, featureId: a.featureId, status: a.status, evidence: a.evidence })),
      checkpoints: folded.state.checkpoints.map((c) => ({ id: c.id, seq: c.seq, label: c.label })),
      timeline: ring,
    };
  }));
  const hasTasks = tasksExist(ws);
  const board = hasTasks ? boardOf((await loadTasks(ctx, opts)).state) : undefined;
  const taskView = (t: Task) => ({ id: t.id, slug: t.slug, title: t.title, status: t.status, priority: t.priority, assignee: t.assignee });
  const handoffs = (await listHandoffs(ctx, opts)).reverse();
  const memory = (await loadMemory(ctx, at));
  return {
    takenAt: ctx.now(),
    ...(at ? { at } : {}),
    workspace: ws.root,
    missions,
    tasks: board
      ? { active: board.active.map(taskView), ready: board.ready.map(taskView), blocked: board.blocked.map((b) => ({ ...taskView(b.task), waitingOn: b.waitingOn })), completed: board.completed, tracks: board.tracks, next: board.next }
      : { active: [], ready: [], blocked: [], completed: 0, tracks: [], next: null },
    handoffs: handoffs.map((h: HandoffRecord) => ({ id: h.id, agent: h.agent, model: h.model, status: h.status, task: h.task, createdAt: h.createdAt, exitCode: h.exitCode, timedOut: h.timedOut, pid: h.pid, outputTail: outputTail(h, 15), costUsd: h.usage?.costUsd ?? null, tokens: h.usage ? h.usage.inputTokens + h.usage.outputTokens : null, commits: h.git?.commits.length ?? 0, files: (h.git?.files ?? []).map((f) => ({ path: f.path, added: f.added, removed: f.removed, uncommitted: f.uncommitted })) })),
    events: (await recentEvents(ctx, EVENTS, {}, at)).reverse().map((e) => ({ stream: e.stream, seq: e.seq, at: e.at, actor: e.actor, type: e.type, summary: eventSummary(e), data: e.data })),
    memory: { corrections: corrections(memory).map((c) => ({ id: c.id, rule: c.rule, severity: c.severity })), guidance: memory.guidance, learnings: learnings(memory).length },
    principles: (await principleStats(ctx)),
    conflicts: (await listConflicts(ctx)).map((c) => ({ stream: c.stream, seq: c.seq, actor: c.actor, type: c.type, subject: c.subject, reason: c.reason })),
  };
};

export type Snapshot = Awaited<ReturnType<typeof takeSnapshot>>;

/** The selected mission as it was at `seq` (timeline time travel), read-only. */
export const missionAt = async (ctx: Ctx, missionId: string, seq: number) => {
  const { domain } = (await loadMission(ctx, missionId, { at: seq }));
  return { status: domain.mission.status, progress: progressOf(domain), features: featuresOf(domain).map((f) => ({ id: f.id, status: f.status })), assertions: assertionsOf(domain).map((a) => ({ id: a.id, status: a.status })) };
};
