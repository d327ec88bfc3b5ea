// decide for mission streams: the rules of the state machines in DESIGN.md §5. Pure: ids and
// the plan come in with the command, so the same state and command always give the same events.
import { own } from "../envelope.js";
import * as Either from "effect/Either";
import { Conflict, InvalidInput, NotFound, type DomainError, type ConditionOf } from "../errors.js";
import { checkGate } from "../principles/principles.js";
import { judgeScope } from "../scope.js";
import { decideSettle } from "../conflicts.js";
import { allows } from "../machine.js";
import type { MilestoneAction, MissionAction, MissionCommand } from "./commands.js";
import type { MissionEvent } from "./events.js";
import type { AssertionResult, FeatureStatus, MilestoneStatus, MissionStatus } from "./state.js";
import type { Milestone, MissionDomain, MissionState } from "./state.js";
import { ASSERTION_TRANSITIONS, FEATURE_TRANSITIONS, MILESTONE_TRANSITIONS, MISSION_TRANSITIONS } from "./statuses.js";

export type { MilestoneAction, MissionAction, MissionCommand } from "./commands.js";

type Result = Either.Either<MissionEvent[], DomainError>;

const ok = (...events: MissionEvent[]): Result => Either.right(events);
const invalid = (condition: ConditionOf<"InvalidInput">, message: string): Result => Either.left(new InvalidInput({ condition, message }));
const allowed = (xs: readonly string[]) => (xs.length ? `allowed next: ${xs.join(", ")}` : "it is final");

const missionMove = (from: MissionStatus, to: MissionStatus): MissionEvent => ({ type: "MissionStatusChanged", data: { from, to } });
const milestoneMove = (milestoneId: string, from: MilestoneStatus, to: MilestoneStatus): MissionEvent => ({
  type: "MilestoneStatusChanged",
  data: { milestoneId, from, to },
});

/** The mission's own transitions a piece of work implies: an approved mission starts executing. */
const startMission = (dom: MissionDomain): Either.Either<MissionEvent[], DomainError> => {
  const s = dom.mission.status;
  if (s === "executing") return Either.right([]);
  if (s === "approved") return Either.right([missionMove("approved", "executing")]);
  const hint = s === "draft" ? "approve it first" : s === "paused" ? "resume it first" : "it is no longer active";
  return Either.left(new InvalidInput({ condition: "TransitionNotAllowed", message: `mission "${dom.mission.id}" is ${s}; ${hint}` }));
};

const decideMissionStatus = (dom: MissionDomain, action: MissionAction, reason?: string): Result => {
  const m = dom.mission;
  const withReason = (e: MissionEvent): MissionEvent => (reason && e.type === "MissionStatusChanged" ? { ...e, data: { ...e.data, reason } } : e);
  const target: Record<MissionAction, MissionStatus> = {
    approve: "approved",
    reject: "rejected",
    start: "executing",
    pause: "paused",
    resume: "executing",
    complete: "completed",
    fail: "failed",
  };
  const to = target[action];
  // start and resume both lead to executing; each from its own status
  if (action === "start" && m.status !== "approved") return invalid("TransitionNotAllowed", `mission "${m.id}" is ${m.status}; only an approved mission can start (${allowed(MISSION_TRANSITIONS[m.status])})`);
  if (action === "resume" && m.status !== "paused") return invalid("TransitionNotAllowed", `mission "${m.id}" is ${m.status}; only a paused mission can resume`);
  if (action === "complete") {
    // executing -> validating -> completed, each recorded as its own transition
    const via = allows(MISSION_TRANSITIONS, m.status, "validating") && allows(MISSION_TRANSITIONS, "validating", "completed");
    if (!allows(MISSION_TRANSITIONS, m.status, "completed") && !via)
      return invalid("TransitionNotAllowed", `mission "${m.id}" is ${m.status}; ${allowed(MISSION_TRANSITIONS[m.status])}`);
    const open = Object.values(dom.milestones).filter((x) => x.status !== "sealed");
    if (open.length) return invalid("TransitionNotAllowed", `cannot complete mission "${m.id}": ${open.map((x) => `milestone "${x.id}" is ${x.status}`).join("; ")}`);
    return ok(...(m.status === "validating" ? [] : [missionMove(m.status, "validating")]), withReason(missionMove("validating", "completed")));
  }
  if (!allows(MISSION_TRANSITIONS, m.status, to)) return invalid("TransitionNotAllowed", `mission "${m.id}" is ${m.status}; ${allowed(MISSION_TRANSITIONS[m.status])}`);
  return ok(withReason(missionMove(m.status, to)));
};

const decideMilestone = (dom: MissionDomain, milestoneId: string, action: MilestoneAction): Result => {
  const ms = own(dom.milestones, milestoneId);
  if (!ms) return Either.left(new NotFound({ condition: "MilestoneNotFound", message: `milestone "${milestoneId}" not found in mission "${dom.mission.id}" (has: ${Object.keys(dom.milestones).join(", ")})` }));
  const from = ms.status;
  switch (action) {
    case "start": {
      if (!allows(MILESTONE_TRANSITIONS, from, "executing")) return invalid("TransitionNotAllowed", `milestone "${ms.id}" is ${from}; ${allowed(MILESTONE_TRANSITIONS[from])}`);
      const waiting = unsealedBefore(dom, ms);
      if (waiting) return invalid("DependencyOpen", waiting);
      return Either.map(startMission(dom), (pre) => [...pre, milestoneMove(ms.id, from, "executing")]);
    }
    case "validate":
      if (!allows(MILESTONE_TRANSITIONS, from, "validating")) return invalid("TransitionNotAllowed", `milestone "${ms.id}" is ${from}; only an executing milestone can be validated`);
      return ok(milestoneMove(ms.id, from, "validating"));
    case "seal": {
      if (!allows(MILESTONE_TRANSITIONS, from, "sealed"))
        return invalid("TransitionNotAllowed", `milestone "${ms.id}" is ${from}; only an executing or validating milestone can be sealed${from === "pending" ? ` (start it: \`maestro milestone start ${ms.id} --mission ${dom.mission.id}\`, or start one of its features)` : ""}`);
      const offenders: string[] = [];
      const features = Object.values(dom.features).filter((f) => f.milestoneId === ms.id).sort((a, b) => a.index - b.index);
      for (const f of features) if (f.status !== "review" && f.status !== "done") offenders.push(`feature "${f.id}" is ${f.status}`);
      for (const a of Object.values(dom.assertions).sort((x, y) => x.index - y.index))
        if (a.milestoneId === ms.id && a.status !== "passed" && a.status !== "waived") offenders.push(`assertion "${a.id}" is ${a.status}`);
      if (offenders.length) return invalid("AssertionsOpen", `cannot seal milestone "${ms.id}": ${offenders.join("; ")}`);
      return ok({ type: "MilestoneSealed", data: { milestoneId: ms.id, from } });
    }
  }
};

const STARTS: readonly FeatureStatus[] = ["assigned", "in-progress"];
/** a dependency this far along has handed over what depends on it: its work waits for review, not on it */
const DELIVERED: readonly FeatureStatus[] = ["review", "done"];

/** Milestones run in plan order (`order`, then position): why `ms` cannot start yet, if so. */
const unsealedBefore = (dom: MissionDomain, ms: Milestone): string | undefined => {
  // (records keep the plan's order: a milestone's position is its place among them)
  const all = Object.values(dom.milestones);
  const at = all.indexOf(ms);
  const first = all.filter((m, i) => (m.order === ms.order ? i < at : m.order < ms.order) && m.status !== "sealed").sort((a, b) => a.order - b.order)[0];
  return first && `milestone "${ms.id}" comes after "${first.id}", which is ${first.status}; seal it first (\`maestro milestone seal ${first.id}\`)`;
};

const decideFeature = (dom: MissionDomain, featureId: string, to: FeatureStatus, reason?: string): Result => {
  const f = own(dom.features, featureId);
  if (!f) return Either.left(new NotFound({ condition: "FeatureNotFound", message: `feature "${featureId}" not found in mission "${dom.mission.id}"` }));
  if (f.status === to) return invalid("TransitionNotAllowed", `feature "${f.id}" is already ${to}`);
  if (to === "blocked" && !reason?.trim()) return invalid("InvalidValue", `blocking feature "${f.id}" needs --reason: what it waits on (unblock it with --status in-progress or pending)`);
  if (!allows(FEATURE_TRANSITIONS, f.status, to)) {
    // (the move that leads on: work starts, work goes to review; not a detour)
    const next = FEATURE_TRANSITIONS[f.status].find((x) => x === "in-progress" || x === "review") ?? FEATURE_TRANSITIONS[f.status][0];
    return invalid("TransitionNotAllowed", `feature "${f.id}" is ${f.status}; ${allowed(FEATURE_TRANSITIONS[f.status])}${next ? ` (\`maestro feature update ${f.id} --mission ${dom.mission.id} --status ${next}\`)` : ""}`);
  }
  const ms = own(dom.milestones, f.milestoneId);
  if (!ms) return invalid("InvalidValue", `feature "${f.id}" belongs to unknown milestone "${f.milestoneId}"`);
  if (ms.status === "sealed" || ms.status === "failed") return invalid("TransitionNotAllowed", `milestone "${ms.id}" is ${ms.status}; its features can no longer change`);
  const pre: MissionEvent[] = [];
  if (STARTS.includes(to)) {
    const open = f.dependsOn.filter((d) => !DELIVERED.includes(own(dom.features, d)?.status ?? "pending"));
    if (open.length)
      return invalid("DependencyOpen", `feature "${f.id}" depends on ${open.map((d) => `"${d}" (${own(dom.features, d)?.status ?? "unknown"})`).join(", ")}; it can start once those reach review (a completed reply: \`maestro reply write ${open[0]} --outcome completed\`)`);
    if (ms.status === "pending") {
      const waiting = unsealedBefore(dom, ms);
      if (waiting) return invalid("DependencyOpen", `feature "${f.id}" cannot start: ${waiting}`);
    }
    const started = startMission(dom);
    if (Either.isLeft(started)) return started;
    pre.push(...started.right);
    if (ms.status === "pending" || ms.status === "validating") pre.push(milestoneMove(ms.id, ms.status, "executing"));
  } else if (dom.mission.status !== "executing") {
    return invalid("TransitionNotAllowed", `mission "${dom.mission.id}" is ${dom.mission.status}; features change only while it is executing`);
  }
  return ok(...pre, { type: "FeatureStatusChanged", data: { featureId: f.id, from: f.status, to, ...(reason ? { reason } : {}) } });
};

const decideAssertion = (dom: MissionDomain, assertionId: string, result: AssertionResult, evidence: string): Result => {
  const a = own(dom.assertions, assertionId);
  if (!a) return Either.left(new NotFound({ condition: "AssertionNotFound", message: `assertion "${assertionId}" not found in mission "${dom.mission.id}"` }));
  if (!evidence.trim()) return invalid("InvalidValue", `assertion "${a.id}": --evidence must say what showed the result`);
  const ms = own(dom.milestones, a.milestoneId);
  if (ms?.status === "sealed") return invalid("TransitionNotAllowed", `milestone "${ms.id}" is sealed; restore a checkpoint to change its assertions`);
  const s = dom.mission.status;
  if (s === "draft" || s === "rejected" || s === "completed" || s === "failed") return invalid("TransitionNotAllowed", `mission "${dom.mission.id}" is ${s}; assertions cannot change now`);
  if (!allows(ASSERTION_TRANSITIONS, a.status, result)) return invalid("TransitionNotAllowed", `assertion "${a.id}" is ${a.status}; ${allowed(ASSERTION_TRANSITIONS[a.status])}`);
  return ok({ type: "AssertionUpdated", data: { assertionId: a.id, from: a.status, to: result, evidence } });
};

const decideReply = (dom: MissionDomain, cmd: Extract<MissionCommand, { type: "RecordReply" }>): Result => {
  const f = own(dom.features, cmd.featureId);
  if (!f) return Either.left(new NotFound({ condition: "FeatureNotFound", message: `feature "${cmd.featureId}" not found in mission "${dom.mission.id}"` }));
  if (dom.mission.status !== "executing") return invalid("TransitionNotAllowed", `mission "${dom.mission.id}" is ${dom.mission.status}; replies are recorded while it is executing`);
  if (f.status !== "in-progress" && f.status !== "assigned") return invalid("TransitionNotAllowed", `feature "${f.id}" is ${f.status}; a reply is for a feature in progress`);
  // an abandoned reply reports no work to judge: no gate runs, none counts as failed
  const gates = cmd.outcome === "abandoned" ? [] : cmd.principles.filter((p) => p.mode === "gate" && p.gate);
  // the feature's scope is a gate too, judged against the files its run changed
  const scope = f.scope && cmd.changed && cmd.outcome !== "abandoned" ? judgeScope(f.scope, cmd.changed) : undefined;
  const verdicts = [...gates.map((p) => checkGate(p, cmd.report)), ...(scope ? [{ principleId: "scope", field: "changed files", check: "scope", passed: scope.passed, detail: scope.detail }] : [])];
  const advisories = cmd.principles.filter((p) => p.mode === "advisory").map((p) => p.id);
  const failedGates = verdicts.filter((v) => !v.passed);
  const failedAssertions = Object.values(dom.assertions).filter((a) => a.featureId === f.id && a.status === "failed");
  let result = cmd.outcome;
  let reason: string | null = null;
  if (cmd.outcome === "completed" && (failedGates.length || failedAssertions.length)) {
    result = "kicked-back";
    reason = [...failedGates.map((v) => `gate ${v.principleId} failed (${v.detail})`), ...failedAssertions.map((a) => `assertion ${a.id} failed`)].join("; ");
  } else if (cmd.outcome === "kicked-back") reason = cmd.notes ?? "kicked back by the agent";
  else if (cmd.outcome === "abandoned") reason = cmd.notes ?? "abandoned by the agent";
  const events: MissionEvent[] = [
    {
      type: "ReplyRecorded",
      data: { replyId: cmd.replyId, featureId: f.id, outcome: cmd.outcome, result, reason, notes: cmd.notes ?? null, handoffId: cmd.handoffId ?? null, report: cmd.report, verdicts, advisories },
    },
  ];
  const move = (from: FeatureStatus, to: FeatureStatus, why?: string): MissionEvent => ({ type: "FeatureStatusChanged", data: { featureId: f.id, from, to, ...(why ? { reason: why } : {}) } });
  if (f.status === "assigned") events.push(move("assigned", "in-progress"));
  // every move follows the feature machine: in-progress -> review, then on from review
  events.push(move("in-progress", "review"));
  if (result === "kicked-back") events.push(move("review", "pending", reason ?? undefined));
  if (result === "abandoned") events.push(move("review", "blocked", reason ?? undefined));
  return ok(...events);
};

export const decideMission = (state: MissionState, cmd: MissionCommand): Result => {
  if (cmd.type === "CreateMission") {
    if (state.domain) return Either.left(new Conflict({ condition: "AlreadyExists", message: `mission "${cmd.missionId}" already exists` }));
    const p = cmd.plan;
    return ok({ type: "MissionCreated", data: { missionId: cmd.missionId, title: p.title, description: p.description, ...(p.proposal !== undefined ? { proposal: p.proposal } : {}), milestones: p.milestones, features: p.features } });
  }
  const dom = state.domain;
  if (!dom) return Either.left(new NotFound({ condition: "MissionNotFound", message: "mission not found" }));
  switch (cmd.type) {
    case "SettleConflicts":
      return decideSettle(state, cmd.ids, cmd.note);
    case "ChangeMissionStatus":
      return decideMissionStatus(dom, cmd.action, cmd.reason);
    case "ChangeMilestone":
      return decideMilestone(dom, cmd.milestoneId, cmd.action);
    case "UpdateFeature":
      return decideFeature(dom, cmd.featureId, cmd.status, cmd.reason);
    case "UpdateAssertion":
      return decideAssertion(dom, cmd.assertionId, cmd.result, cmd.evidence);
    case "RecordReply":
      return decideReply(dom, cmd);
    case "UpdateMission": {
      const { title, description, proposal } = cmd;
      if (title === undefined && description === undefined && proposal === undefined) return invalid("NothingToChange", "nothing to update; pass --title, --description or --proposal");
      if (title !== undefined && (!title.trim() || title.trim() !== title)) return invalid("InvalidValue", "--title must not be empty or start or end with spaces");
      const m = dom.mission;
      const data = {
        ...(title !== undefined && title !== m.title ? { title } : {}),
        ...(description !== undefined && description !== m.description ? { description } : {}),
        ...(proposal !== undefined && proposal !== (m.proposal ?? "") ? { proposal } : {}),
      };
      // (what it replaces, as this writer sees it: a merge that finds other words names them)
      const was = { ...("title" in data ? { title: m.title } : {}), ...("description" in data ? { description: m.description } : {}), ...("proposal" in data ? { proposal: m.proposal ?? "" } : {}) };
      return Object.keys(data).length ? ok({ type: "MissionUpdated", data: { ...data, was } }) : Either.right([]);
    }
    case "Rename":
      return dom.mission.id === cmd.to ? Either.right([]) : ok({ type: "MissionRenamed", data: { from: dom.mission.id, to: cmd.to } });
    case "RecordPrompt": {
      if (!own(dom.features, cmd.featureId)) return Either.left(new NotFound({ condition: "FeatureNotFound", message: `feature "${cmd.featureId}" not found in mission "${dom.mission.id}"` }));
      return ok({ type: "PromptIssued", data: { featureId: cmd.featureId, path: cmd.path, sha256: cmd.sha256 } });
    }
    case "RecordHandoff": {
      const f = own(dom.features, cmd.featureId);
      if (!f) return Either.left(new NotFound({ condition: "FeatureNotFound", message: `feature "${cmd.featureId}" not found in mission "${dom.mission.id}"` }));
      const link: MissionEvent = { type: "FeatureHandedOff", data: { featureId: f.id, handoffId: cmd.handoffId, agent: cmd.agent } };
      if (f.status !== "pending") return ok(link);
      // a pending feature handed to an agent is assigned to it in the same write (starting its
      // mission and milestone if need be), so the reply its brief asks for is accepted
      const assigned = decideFeature(dom, f.id, "assigned", `handed off to ${cmd.agent} (${cmd.handoffId})`);
      return Either.isLeft(assigned) ? assigned : ok(link, ...assigned.right);
    }
    case "ReturnFeature": {
      const f = own(dom.features, cmd.featureId);
      if (!f) return Either.left(new NotFound({ condition: "FeatureNotFound", message: `feature "${cmd.featureId}" not found in mission "${dom.mission.id}"` }));
      return f.status === "assigned" ? ok({ type: "FeatureStatusChanged", data: { featureId: f.id, from: "assigned", to: "pending", reason: `handoff ${cmd.handoffId} was cancelled` } }) : Either.right([]);
    }
    case "SaveCheckpoint": {
      if (state.checkpoints.some((c) => c.id === cmd.checkpointId)) return Either.left(new Conflict({ condition: "AlreadyExists", message: `checkpoint "${cmd.checkpointId}" exists` }));
      const label = cmd.label?.trim() || `checkpoint ${state.checkpoints.length + 1}`;
      return ok({ type: "CheckpointSaved", data: { checkpointId: cmd.checkpointId, seq: state.seq, label, vector: state.frontier } });
    }
    case "RestoreCheckpoint": {
      if (state.checkpoints.some((x) => x.id === cmd.undoId)) return Either.left(new Conflict({ condition: "AlreadyExists", message: `checkpoint "${cmd.undoId}" exists` }));
      const events: MissionEvent[] = [];
      let c = state.checkpoints.find((x) => x.id === cmd.checkpointId);
      if (cmd.point) {
        if (c) return Either.left(new Conflict({ condition: "AlreadyExists", message: `checkpoint "${cmd.checkpointId}" exists` }));
        events.push({ type: "CheckpointSaved", data: { checkpointId: cmd.checkpointId, seq: cmd.past.seq, label: cmd.point.label, vector: cmd.point.vector } });
        c = { id: cmd.checkpointId, seq: cmd.past.seq, vector: cmd.point.vector, label: cmd.point.label, savedAt: "", savedBy: "", eventSeq: 0 };
      }
      if (!c) return Either.left(new NotFound({ condition: "CheckpointNotFound", message: `checkpoint "${cmd.checkpointId}" not found in mission "${dom.mission.id}"` }));
      const domain = cmd.past.seq === c.seq ? cmd.past.domain : null;
      if (!domain) return invalid("InvalidValue", `checkpoint "${c.id}" is at seq ${c.seq}, but the state given for it is of seq ${cmd.past.seq}`);
      // the state being replaced, kept so the restore can be undone
      events.push({ type: "CheckpointSaved", data: { checkpointId: cmd.undoId, seq: state.seq, label: `before restoring ${c.id}`, vector: state.frontier } });
      events.push({ type: "CheckpointRestored", data: { checkpointId: c.id, toSeq: c.seq, domain, saw: state.frontier } });
      return ok(...events);
    }
  }
};
