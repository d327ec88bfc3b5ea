// evolve for mission streams: pure and total. Events were validated by decide before they
// were written, so a reference to something unknown is ignored rather than thrown.
import type { Recorded } from "../envelope.js";
import type { MissionEvent } from "./events.js";
import type { Assertion, Feature, Milestone, MissionDomain, MissionState } from "./state.js";

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

const evolveDomain = (dom: MissionDomain, e: E): MissionDomain => {
  switch (e.type) {
    case "MissionCreated":
    case "CheckpointSaved":
    case "CheckpointRestored":
    case "PromptIssued":
    case "FeatureHandedOff":
    case "ReplyRecorded":
      return dom;
    case "MissionStatusChanged":
      return { ...dom, mission: { ...dom.mission, status: e.data.to, updatedAt: e.at } };
    case "MissionRenamed":
      return { ...dom, mission: { ...dom.mission, id: e.data.to } };
    case "MilestoneStatusChanged": {
      const m = dom.milestones[e.data.milestoneId];
      return m ? { ...dom, milestones: { ...dom.milestones, [m.id]: { ...m, status: e.data.to, updatedAt: e.at } } } : dom;
    }
    case "MilestoneSealed": {
      const m = dom.milestones[e.data.milestoneId];
      if (!m) return dom;
      const features = { ...dom.features };
      for (const f of Object.values(dom.features))
        if (f.milestoneId === m.id && f.status === "review") features[f.id] = { ...f, status: "done", reason: null, updatedAt: e.at, updatedBy: e.actor };
      return { ...dom, milestones: { ...dom.milestones, [m.id]: { ...m, status: "sealed", updatedAt: e.at } }, features };
    }
    case "FeatureStatusChanged": {
      const f = dom.features[e.data.featureId];
      return f
        ? { ...dom, features: { ...dom.features, [f.id]: { ...f, status: e.data.to, reason: e.data.reason ?? null, updatedAt: e.at, updatedBy: e.actor } } }
        : dom;
    }
    case "AssertionUpdated": {
      const a = dom.assertions[e.data.assertionId];
      return a
        ? { ...dom, assertions: { ...dom.assertions, [a.id]: { ...a, status: e.data.to, evidence: e.data.evidence, updatedAt: e.at, updatedBy: e.actor } } }
        : dom;
    }
    default: {
      const never: never = e;
      return never;
    }
  }
};

export const evolveMission = (state: MissionState, e: E): MissionState => {
  const next = { ...state, seq: e.seq };
  switch (e.type) {
    case "MissionCreated":
      return state.domain ? next : { ...next, domain: created(e) };
    case "CheckpointSaved": {
      if (!state.domain) return next;
      const c = { id: e.data.checkpointId, seq: e.data.seq, label: e.data.label, savedAt: e.at, savedBy: e.actor, eventSeq: e.seq };
      return { ...next, checkpoints: [...state.checkpoints, c] };
    }
    case "ReplyRecorded": {
      const verdicts = { ...state.verdicts };
      for (const v of e.data.verdicts) {
        const c = verdicts[v.principleId] ?? { passed: 0, failed: 0 };
        verdicts[v.principleId] = v.passed ? { ...c, passed: c.passed + 1 } : { ...c, failed: c.failed + 1 };
      }
      return state.domain ? { ...next, verdicts, domain: evolveDomain(state.domain, e) } : { ...next, verdicts };
    }
    case "CheckpointRestored":
      return { ...next, domain: e.data.domain, restores: [...state.restores, { checkpointId: e.data.checkpointId, toSeq: e.data.toSeq, seq: e.seq, at: e.at }] };
    default:
      return state.domain ? { ...next, domain: evolveDomain(state.domain, e) } : next;
  }
};
