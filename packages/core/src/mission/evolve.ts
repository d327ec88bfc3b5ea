// evolve for mission streams: total, and in place on a fold's draft. Events were validated by
// decide before they were written, so a reference to something unknown is ignored. After a
// merge an event can meet a state its writer never saw; status transitions of the mission, a
// milestone (sealing too) and a feature follow their tables (statuses.ts) through machine.ts's
// step: one whose `from` still holds applies, one whose target already holds is a no-op, any
// other is a merge conflict. A restore undoes what it did not see, and says so as conflicts.
// Assertion results and the plan's words: last wins, and a value overwritten that its writer had
// not seen is listed.
import { conflictOf, type MergeConflict } from "../conflicts.js";
import { own, vectorEntry, type Recorded } from "../envelope.js";
import type { MissionEvent } from "./events.js";
import type { Assertion, Checkpoint, Feature, Milestone, MissionDomain, MissionState } from "./state.js";
import { FEATURE_TRANSITIONS, MILESTONE_TRANSITIONS, MISSION_TRANSITIONS } from "./statuses.js";
import { staleStep, step } from "../machine.js";

type E = Recorded<MissionEvent>;

const created = (e: Extract<E, { type: "MissionCreated" }>): MissionDomain => {
  const d = e.data;
  const milestones: Record<string, Milestone> = {};
  for (const m of d.milestones) milestones[m.id] = { ...m, status: "pending", updatedAt: e.at };
  const features: Record<string, Feature> = {};
  const assertions: Record<string, Assertion> = {};
  d.features.forEach((f, index) => {
    // (in the Schema's key order, as featureWith writes it: a restored state prints the same bytes)
    features[f.id] = featureWith({ ...f, index, status: "pending", reason: null, updatedAt: e.at, updatedBy: e.actor }, "pending", null, e.at, e.actor);
    for (const a of f.fulfills)
      assertions[a] = { id: a, index: Object.keys(assertions).length, featureId: f.id, milestoneId: f.milestoneId, status: "pending", evidence: null, updatedAt: e.at, updatedBy: e.actor };
  });
  return {
    mission: { id: d.missionId, title: d.title, description: d.description, ...(d.proposal !== undefined ? { proposal: d.proposal } : {}), status: "draft", createdAt: e.at, createdBy: e.actor, updatedAt: e.at },
    milestones,
    features,
    assertions,
  };
};

type Draft = {
  seq: number;
  domain: DomainDraft | null;
  checkpoints: Checkpoint[];
  restores: MissionState["restores"][number][];
  verdicts: Record<string, { readonly passed: number; readonly failed: number }>;
  frontier: Record<string, number>;
  conflicts: MergeConflict[];
  settled: Record<string, string>;
};
type DomainDraft = {
  mission: MissionDomain["mission"];
  milestones: Record<string, Milestone>;
  features: Record<string, Feature>;
  assertions: Record<string, Assertion>;
};

const draftDomain = (d: MissionDomain): DomainDraft => ({
  mission: d.mission,
  milestones: { ...d.milestones },
  features: { ...d.features },
  assertions: { ...d.assertions },
});

export const initialMissionState: MissionState = { seq: 0, domain: null, checkpoints: [], restores: [], verdicts: {}, frontier: {}, conflicts: [], settled: {} };

/** The fold's private copy of a mission state (see StreamKind.draft). */
export const draftMission = (s: MissionState): MissionState => ({
  ...s,
  domain: s.domain && draftDomain(s.domain),
  checkpoints: [...s.checkpoints],
  restores: [...s.restores],
  verdicts: { ...s.verdicts },
  frontier: { ...s.frontier },
  conflicts: [...s.conflicts],
  settled: { ...s.settled },
});


// The three records most events change are rebuilt as explicit literals, not `{ ...f, status }`:
// V8 copies a spread with overrides ~10x slower, and these run once per event of a replay.
// (TypeScript names any field a literal leaves out.)
const featureWith = (f: Feature, status: Feature["status"], reason: string | null, at: string, by: string): Feature => ({
  id: f.id,
  index: f.index,
  milestoneId: f.milestoneId,
  title: f.title,
  description: f.description,
  agentType: f.agentType,
  verificationSteps: f.verificationSteps,
  dependsOn: f.dependsOn,
  fulfills: f.fulfills,
  ...(f.preconditions ? { preconditions: f.preconditions } : {}),
  ...(f.expectedBehavior !== undefined ? { expectedBehavior: f.expectedBehavior } : {}),
  ...(f.scope ? { scope: f.scope } : {}),
  ...(f.doneWhen ? { doneWhen: f.doneWhen } : {}),
  status,
  reason,
  updatedAt: at,
  updatedBy: by,
});
const assertionWith = (a: Assertion, status: Assertion["status"], evidence: string, at: string, by: string): Assertion => ({
  id: a.id,
  index: a.index,
  featureId: a.featureId,
  milestoneId: a.milestoneId,
  status,
  evidence,
  updatedAt: at,
  updatedBy: by,
});
const milestoneWith = (m: Milestone, status: Milestone["status"], at: string): Milestone => ({
  id: m.id,
  title: m.title,
  description: m.description,
  order: m.order,
  kind: m.kind,
  profile: m.profile,
  status,
  updatedAt: at,
});

const evolveDomain = (dom: DomainDraft, e: E, conflicts: MergeConflict[]): void => {
  switch (e.type) {
    case "MissionCreated":
    case "CheckpointSaved":
    case "CheckpointRestored":
    case "PromptIssued":
    case "FeatureHandedOff":
    case "ReplyRecorded":
    case "ConflictsSettled":
      return;
    case "MissionStatusChanged": {
      const t = step(MISSION_TRANSITIONS, dom.mission.status, e.data.from, e.data.to);
      if (t === "apply") dom.mission = { ...dom.mission, status: e.data.to, updatedAt: e.at };
      else if (t === "conflict") conflicts.push(conflictOf(e, dom.mission.id, staleStep(`mission ${dom.mission.id}`, dom.mission.status, e.data.from, e.data.to)));
      return;
    }
    case "MissionUpdated": {
      const c = e.data;
      // (last write wins; words it replaced that its writer had not seen are listed)
      for (const [field, saw] of Object.entries(c.was ?? {}) as ["title" | "description" | "proposal", string][]) {
        const now = field === "proposal" ? (dom.mission.proposal ?? "") : dom.mission[field];
        if (now !== saw) conflicts.push(conflictOf(e, `${dom.mission.id}.${field}`, `${field} ${JSON.stringify(now)} was overwritten by ${JSON.stringify(c[field])}; its writer had seen ${JSON.stringify(saw)}`, "overwritten"));
      }
      // (last write wins, field by field, as task edits do after a merge)
      dom.mission = { ...dom.mission, ...(c.title !== undefined ? { title: c.title } : {}), ...(c.description !== undefined ? { description: c.description } : {}), ...(c.proposal !== undefined ? { proposal: c.proposal } : {}), updatedAt: e.at };
      return;
    }
    case "MissionRenamed":
      dom.mission = { ...dom.mission, id: e.data.to };
      return;
    case "MilestoneStatusChanged": {
      const m = own(dom.milestones, e.data.milestoneId);
      if (!m) return;
      const t = step(MILESTONE_TRANSITIONS, m.status, e.data.from, e.data.to);
      if (t === "apply") dom.milestones[m.id] = milestoneWith(m, e.data.to, e.at);
      else if (t === "conflict") conflicts.push(conflictOf(e, m.id, staleStep(`milestone ${m.id}`, m.status, e.data.from, e.data.to)));
      return;
    }
    case "MilestoneSealed": {
      const m = own(dom.milestones, e.data.milestoneId);
      if (!m) return;
      const t = step(MILESTONE_TRANSITIONS, m.status, e.data.from, "sealed");
      if (t === "conflict") conflicts.push(conflictOf(e, m.id, staleStep(`milestone ${m.id}`, m.status, e.data.from, "sealed")));
      if (t !== "apply") return;
      for (const f of Object.values(dom.features))
        if (f.milestoneId === m.id && f.status === "review") dom.features[f.id] = featureWith(f, "done", null, e.at, e.actor);
      dom.milestones[m.id] = milestoneWith(m, "sealed", e.at);
      return;
    }
    case "FeatureStatusChanged": {
      const f = own(dom.features, e.data.featureId);
      if (!f) return;
      const t = step(FEATURE_TRANSITIONS, f.status, e.data.from, e.data.to);
      if (t === "apply") dom.features[f.id] = featureWith(f, e.data.to, e.data.reason ?? null, e.at, e.actor);
      else if (t === "conflict") conflicts.push(conflictOf(e, f.id, staleStep(`feature ${f.id}`, f.status, e.data.from, e.data.to)));
      return;
    }
    case "AssertionUpdated": {
      const a = own(dom.assertions, e.data.assertionId);
      if (!a) return;
      // (last result wins; one its writer had not seen is listed as overwritten)
      if (a.status !== e.data.from) conflicts.push(conflictOf(e, a.id, `assertion ${a.id}: ${a.status} (${a.updatedBy}) was overwritten by ${e.data.to}; its writer had seen ${e.data.from}`, "overwritten"));
      dom.assertions[a.id] = assertionWith(a, e.data.to, e.data.evidence, e.at, e.actor);
      return;
    }
    default: {
      const never: never = e;
      return never;
    }
  }
};

/** evolve on a draft (see StreamKind.draft): writes into the draft's records and arrays only. */
export const evolveMission = (state: MissionState, e: E): MissionState => {
  const s = state as Draft;
  s.seq = e.seq;
  const [key, value] = vectorEntry(e.segment, e.pos, e.clock);
  s.frontier[key] = value;
  switch (e.type) {
    case "MissionCreated":
      s.domain ??= created(e);
      break;
    case "CheckpointSaved":
      if (s.domain) s.checkpoints.push({ id: e.data.checkpointId, seq: e.data.seq, vector: e.data.vector, label: e.data.label, savedAt: e.at, savedBy: e.actor, eventSeq: e.seq });
      break;
    case "ReplyRecorded":
      for (const v of e.data.verdicts) {
        const c = own(s.verdicts, v.principleId) ?? { passed: 0, failed: 0 };
        s.verdicts[v.principleId] = v.passed ? { ...c, passed: c.passed + 1 } : { ...c, failed: c.failed + 1 };
      }
      break;
    case "ConflictsSettled":
      for (const id of e.data.ids) s.settled[id] = e.actor;
      break;
    case "CheckpointRestored": {
      // what was folded before the restore that its writer had not seen: written concurrently, and undone by it
      const saw = e.data.saw;
      if (saw)
        for (const [writer, at] of Object.entries(s.frontier))
          if (writer !== key && at > (saw[writer] ?? 0))
            // (the restore applies: what it undid is listed as overwritten, as a field edit's is)
            s.conflicts.push(conflictOf(e, e.data.checkpointId, `restore of ${e.data.checkpointId} undid what ${writer.endsWith(".jsonl") ? `segment ${writer}` : `clone ${writer}`} wrote concurrently with it`, "overwritten"));
      // the event's domain is shared with whoever holds the event: work on a copy of it
      s.domain = draftDomain(e.data.domain);
      s.restores.push({ checkpointId: e.data.checkpointId, toSeq: e.data.toSeq, seq: e.seq, at: e.at });
      break;
    }
    default:
      if (s.domain) evolveDomain(s.domain, e, s.conflicts);
  }
  return s;
};
