// Behavioral principles (the `.maestro/principles/` stream): rules injected into briefs by milestone
// profile, and gates scored against an agent's reply report. State, events, evolve, decide and
// the pure gate check all live here; the stream is small, so state is a plain record.
import * as Either from "effect/Either";
import { streamCodec } from "../codec.js";
import { own, type Recorded, type StreamKind } from "../envelope.js";
import { conflictOf, decideSettle, openConflicts, type MergeConflict } from "../conflicts.js";
import { Conflict, InvalidInput, NotFound, type DomainError } from "../errors.js";
import { staleStep, step } from "../machine.js";
import type { PrincipleCommand } from "./commands.js";
import type { Principle, PrincipleEvent } from "./events.js";
import { PRINCIPLE_TRANSITIONS, type PrincipleLife } from "./values.js";

export interface PrinciplesState {
  readonly seq: number;
  readonly principles: Readonly<Record<string, Principle & { readonly addedAt: string; readonly removed: boolean }>>;
  readonly outcomes: readonly { readonly principleId: string; readonly handoffId: string; readonly helpful: boolean; readonly at: string; readonly by: string }[];
  /** events a merge made inapplicable (skipped) or that overwrote what their writer had not seen */
  readonly conflicts: readonly MergeConflict[];
  /** conflicts seen and settled (`log settle`), by id: who settled them */
  readonly settled: Readonly<Record<string, string>>;
}

const lifeOf = (s: PrinciplesState, id: string): PrincipleLife => {
  const p = own(s.principles, id);
  return !p ? "absent" : p.removed ? "removed" : "live";
};
const bare = ({ addedAt: _a, removed: _r, ...p }: PrinciplesState["principles"][string]): Principle => p;
/** The fields of `now` that differ from `was`. */
const changedFields = (was: Principle, now: Principle) => (Object.keys(now) as (keyof Principle)[]).filter((k) => JSON.stringify(was[k]) !== JSON.stringify(now[k]));

/**
 * The fold. A principle's life follows PRINCIPLE_TRANSITIONS: an update of a principle a merge
 * removed is a conflict (skipped); an add or update over a version its writer had not seen
 * applies (last writer wins) and lists what it overwrote.
 */
export const evolvePrinciples = (s: PrinciplesState, e: Recorded<PrincipleEvent>): PrinciplesState => {
  const put = (ps: readonly Principle[]) => ({ ...s.principles, ...Object.fromEntries(ps.map((p) => [p.id, { ...p, addedAt: own(s.principles, p.id)?.addedAt ?? e.at, removed: false }])) });
  const listed = (subject: string, reason: string, kind?: MergeConflict["kind"]) => [...s.conflicts, conflictOf(e, subject, reason, kind)];
  /** a write over `seen` (what its writer saw, or nothing): the fields it overwrote, if another write had changed them since */
  const overwrote = (p: Principle, seen: Principle | undefined) => {
    const cur = own(s.principles, p.id);
    if (!cur || cur.removed) return undefined;
    const now = bare(cur);
    const theirs = seen ? changedFields(seen, now) : changedFields(now, p);
    return theirs.length ? theirs.map((k) => `${k} ${JSON.stringify(now[k])}`).join(", ") : undefined;
  };
  switch (e.type) {
    case "PrinciplesSeeded":
      return { ...s, seq: e.seq, principles: put(e.data.principles) };
    case "PrincipleAdded": {
      const lost = overwrote(e.data, undefined);
      return { ...s, seq: e.seq, principles: put([e.data]), conflicts: lost ? listed(e.data.id, `principle "${e.data.id}" was added on both sides of a merge; this one replaced ${lost}`, "overwritten") : s.conflicts };
    }
    case "PrincipleUpdated": {
      const { was, ...p } = e.data;
      const t = step(PRINCIPLE_TRANSITIONS, lifeOf(s, p.id), "live", "live");
      if (t !== "apply") return { ...s, seq: e.seq, conflicts: listed(p.id, staleStep(`principle "${p.id}"`, lifeOf(s, p.id), "live", "live").replace("live -> live", "an update")) };
      const lost = was && overwrote(p, was);
      return { ...s, seq: e.seq, principles: put([p]), conflicts: lost ? listed(p.id, `principle "${p.id}": this update replaced ${lost}, set on the other side of a merge`, "overwritten") : s.conflicts };
    }
    case "PrincipleRemoved": {
      const p = own(s.principles, e.data.id);
      const t = step(PRINCIPLE_TRANSITIONS, lifeOf(s, e.data.id), "live", "removed");
      if (t === "conflict") return { ...s, seq: e.seq, conflicts: listed(e.data.id, staleStep(`principle "${e.data.id}"`, lifeOf(s, e.data.id), "live", "removed")) };
      return { ...s, seq: e.seq, principles: p && t === "apply" ? { ...s.principles, [p.id]: { ...p, removed: true } } : s.principles };
    }
    case "PrincipleOutcomeRated":
      return { ...s, seq: e.seq, outcomes: [...s.outcomes, { ...e.data, at: e.at, by: e.actor }] };
    case "ConflictsSettled":
      return { ...s, seq: e.seq, settled: { ...s.settled, ...Object.fromEntries(e.data.ids.map((id) => [id, e.actor])) } };
    default: {
      const never: never = e;
      return never;
    }
  }
};

export const principlesStream: StreamKind<PrinciplesState, PrincipleEvent> = {
  name: "principles",
  stateVersion: 2,
  initial: { seq: 0, principles: {}, outcomes: [], conflicts: [], settled: {} },
  evolve: evolvePrinciples,
  codec: streamCodec("principles", () => import("./events.js").then((m) => m.principleCodec)),
};

/** The set `maestro init` seeds: three gates and one advisory rule. */
export const DEFAULT_PRINCIPLES: readonly Principle[] = [
  { id: "think-before-coding", name: "Think before coding", rule: "List the assumptions you made before changing code.", profiles: ["planning", "implementation"], mode: "gate", gate: { field: "assumptions", check: "array_min_length:1" } },
  { id: "surgical-changes", name: "Surgical changes", rule: "Declare the scope you touched and stay inside it.", profiles: ["implementation", "code-review"], mode: "gate", gate: { field: "scopeDeclaration", check: "object_non_empty" } },
  { id: "goal-driven", name: "Goal-driven", rule: "Every verification you report must have passed before you call the work completed.", profiles: ["implementation", "validation"], mode: "gate", gate: { field: "verificationResults", check: "array_all_passed" } },
  { id: "simplicity", name: "Simplicity", rule: "Prefer the simplest change that meets the acceptance criteria; no speculative abstractions.", profiles: ["implementation", "simplify", "code-review"], mode: "advisory", gate: null },
];

export type { PrincipleCommand } from "./commands.js";

/** A principle's mode and gate agree (the fields' own limits were decoded with the command). */
const checkShape = (p: Principle): string | undefined =>
  p.mode === "gate" && !p.gate ? `principle "${p.id}": a gate needs --gate-field and --gate-check` : p.mode === "advisory" && p.gate ? `principle "${p.id}": an advisory principle has no gate` : undefined;

export const decidePrinciples = (s: PrinciplesState, cmd: PrincipleCommand): Either.Either<PrincipleEvent[], DomainError> => {
  const live = (id: string) => {
    const p = own(s.principles, id);
    return p && !p.removed ? p : undefined;
  };
  switch (cmd.type) {
    case "Seed":
      return Either.right(s.seq === 0 ? [{ type: "PrinciplesSeeded", data: { principles: [...DEFAULT_PRINCIPLES] } }] : []);
    case "Add": {
      if (live(cmd.principle.id)) return Either.left(new Conflict({ condition: "AlreadyExists", message: `principle "${cmd.principle.id}" exists; use \`maestro principle update\`` }));
      const bad = checkShape(cmd.principle);
      return bad ? Either.left(new InvalidInput({ condition: "InvalidValue", message: bad })) : Either.right([{ type: "PrincipleAdded", data: cmd.principle }]);
    }
    case "Update": {
      const p = live(cmd.id);
      if (!p) return Either.left(new NotFound({ condition: "PrincipleNotFound", message: `principle "${cmd.id}" not found; see \`maestro principle list\`` }));
      const current = bare(p);
      const next: Principle = { ...current, ...cmd.changes, ...(cmd.changes.mode === "advisory" ? { gate: null } : {}) };
      const bad = checkShape(next);
      return bad ? Either.left(new InvalidInput({ condition: "InvalidValue", message: bad })) : Either.right([{ type: "PrincipleUpdated", data: { ...next, was: current } }]);
    }
    case "Remove":
      return live(cmd.id) ? Either.right([{ type: "PrincipleRemoved", data: { id: cmd.id } }]) : Either.left(new NotFound({ condition: "PrincipleNotFound", message: `principle "${cmd.id}" not found` }));
    case "Rate":
      return own(s.principles, cmd.principleId)
        ? Either.right([{ type: "PrincipleOutcomeRated", data: { principleId: cmd.principleId, handoffId: cmd.handoffId, helpful: cmd.helpful } }])
        : Either.left(new NotFound({ condition: "PrincipleNotFound", message: `principle "${cmd.principleId}" not found` }));
    case "SettleConflicts":
      return decideSettle(s, cmd.ids, cmd.note);
  }
};

/** The principles' merge conflicts not yet settled. */
export const openPrincipleConflicts = (s: PrinciplesState) => openConflicts(s.conflicts, s.settled);

export const livePrinciples = (s: PrinciplesState, profile?: string): Principle[] =>
  Object.values(s.principles)
    .filter((p) => !p.removed && (!profile || p.profiles.includes(profile)))
    .map(bare)
    .sort((a, b) => a.id.localeCompare(b.id));

export interface GateVerdict {
  readonly principleId: string;
  readonly field: string;
  readonly check: string;
  readonly passed: boolean;
  readonly detail: string;
}

const at = (obj: unknown, path: string): unknown => path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), obj);

/** Scores one gate against a reply report. Pure. */
export const checkGate = (p: Principle, report: unknown): GateVerdict => {
  const { field, check } = p.gate!;
  const v = at(report, field);
  const verdict = (passed: boolean, detail: string): GateVerdict => ({ principleId: p.id, field, check, passed, detail });
  if (check.startsWith("array_min_length:")) {
    const n = Number(check.split(":")[1]);
    return Array.isArray(v) ? verdict(v.length >= n, `${field} has ${v.length} item(s), needs ${n}`) : verdict(false, `${field} is not a list`);
  }
  if (check === "object_non_empty")
    return v && typeof v === "object" && !Array.isArray(v) ? verdict(Object.keys(v).length > 0, `${field} has ${Object.keys(v).length} key(s)`) : verdict(false, `${field} is not an object`);
  // array_all_passed
  if (!Array.isArray(v) || v.length === 0) return verdict(false, `${field} has no results`);
  const failed = v.filter((x) => !(x && typeof x === "object" && (x as { passed?: unknown }).passed === true));
  return verdict(failed.length === 0, failed.length ? `${failed.length} of ${v.length} did not pass` : `all ${v.length} passed`);
};
