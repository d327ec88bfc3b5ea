// evolve for mission streams: total, and in place on a fold's draft. Events were validated by
// decide before they were written, so a reference to something unknown is ignored.
import { own, type Recorded } from "../envelope.js";
import type { MissionEvent } from "./events.js";
import type { Assertion, Checkpoint, Feature, Milestone, MissionDomain, MissionState } from "./state.js";

type E = Recorded<MissionEvent>;

const created = (e: Extract<E, { type: "MissionCreated" }>): MissionDomain => {
  const d = e.data;
  const milestones: Record<string, Milestone> = {};
  for (const m of d.milestones) milestones[m.id] = { ...m, status: "pending", updatedAt: e.at };
  const features: Record<string, Feature> = {};
  const assertions: Record<string, Assertion> = {};
  d.features.forEach((f, index) => {
    features[f.id] = { ...f, index, status: "pending", reason: null, updatedAt: e.at, updatedBy: e.actor };
    for (const a of f.fulfills)
      assertions[a] = { id: a, index: Object.keys(assertions).length, featureId: f.id, milestoneId: f.milestoneId, status: "pending", evidence: null, updatedAt: e.at, updatedBy: e.actor };
  });
  return {
    mission: { id: d.missionId, title: d.title, description: d.description, status: "draft", createdAt: e.at, createdBy: e.actor, updatedAt: e.at },
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

export const initialMissionState: MissionState = { seq: 0, domain: null, checkpoints: [], restores: [], verdicts: {} };

/** The fold's private copy of a mission state (see StreamKind.draft). */
export const draftMission = (s: MissionState): MissionState => ({
  ...s,
  domain: s.domain && draftDomain(s.domain),
  checkpoints: [...s.checkpoints],
  restores: [...s.restores],
  verdicts: { ...s.verdicts },
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

const evolveDomain = (dom: DomainDraft, e: E): void => {
  switch (e.type) {
    case "MissionCreated":
    case "CheckpointSaved":
    case "CheckpointRestored":
    case "PromptIssued":
    case "FeatureHandedOff":
    case "ReplyRecorded":
      return;
    case "MissionStatusChanged":
      dom.mission = { ...dom.mission, status: e.data.to, updatedAt: e.at };
      return;
    case "MissionRenamed":
      dom.mission = { ...dom.mission, id: e.data.to };
      return;
    case "MilestoneStatusChanged": {
      const m = own(dom.milestones, e.data.milestoneId);
      if (m) dom.milestones[m.id] = milestoneWith(m, e.data.to, e.at);
      return;
    }
    case "MilestoneSealed": {
      const m = own(dom.milestones, e.data.milestoneId);
      if (!m) return;
      for (const f of Object.values(dom.features))
        if (f.milestoneId === m.id && f.status === "review") dom.features[f.id] = featureWith(f, "done", null, e.at, e.actor);
      dom.milestones[m.id] = milestoneWith(m, "sealed", e.at);
      return;
    }
    case "FeatureStatusChanged": {
      const f = own(dom.features, e.data.featureId);
      if (f) dom.features[f.id] = featureWith(f, e.data.to, e.data.reason ?? null, e.at, e.actor);
      return;
    }
    case "AssertionUpdated": {
      const a = own(dom.assertions, e.data.assertionId);
      if (a) dom.assertions[a.id] = assertionWith(a, e.data.to, e.data.evidence, e.at, e.actor);
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
  switch (e.type) {
    case "MissionCreated":
      s.domain ??= created(e);
      break;
    case "CheckpointSaved":
      if (s.domain) s.checkpoints.push({ id: e.data.checkpointId, seq: e.data.seq, label: e.data.label, savedAt: e.at, savedBy: e.actor, eventSeq: e.seq });
      break;
    case "ReplyRecorded":
      for (const v of e.data.verdicts) {
        const c = own(s.verdicts, v.principleId) ?? { passed: 0, failed: 0 };
        s.verdicts[v.principleId] = v.passed ? { ...c, passed: c.passed + 1 } : { ...c, failed: c.failed + 1 };
      }
      break;
    case "CheckpointRestored":
      // the event's domain is shared with whoever holds the event: work on a copy of it
      s.domain = draftDomain(e.data.domain);
      s.restores.push({ checkpointId: e.data.checkpointId, toSeq: e.data.toSeq, seq: e.seq, at: e.at });
      break;
    default:
      if (s.domain) evolveDomain(s.domain, e);
  }
  return s;
};
