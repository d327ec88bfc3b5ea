// Merge conflicts: an event that met, after a merge, a state its writer never saw and that
// its entity's rule says it cannot apply to. The fold never throws on one: the event stays in
// the log, is skipped, and is recorded here with why, so `log --conflicts`, `doctor`, `status`
// and the losing session can see it. A field edit still applies (last writer wins), and what it
// overwrote is recorded the same way. A conflict is open until `log settle` records it seen.
import * as Either from "effect/Either";
import type { NewEvent, Recorded } from "./envelope.js";
import { NotFound } from "./errors.js";

export interface MergeConflict {
  /** `<event id>/<subject>`: what `log settle` names */
  readonly id: string;
  /** skipped: the event was not applied; overwritten: it was (last writer wins), over a value its writer had not seen; renamed: it was, under another slug */
  readonly kind: "skipped" | "overwritten" | "renamed";
  readonly eventId: string;
  readonly seq: number;
  readonly type: string;
  readonly actor: string;
  readonly at: string;
  /** what it was about: a task, feature, milestone or checkpoint id */
  readonly subject: string;
  readonly reason: string;
}

export const conflictOf = (e: Recorded<NewEvent>, subject: string, reason: string, kind: MergeConflict["kind"] = "skipped"): MergeConflict => ({
  id: `${e.id}/${subject}`,
  kind,
  eventId: e.id,
  seq: e.seq,
  type: e.type,
  actor: e.actor,
  at: e.at,
  subject,
  reason,
});

/** The conflicts not yet settled. */
export const openConflicts = (conflicts: readonly MergeConflict[], settled: Readonly<Record<string, string>>): MergeConflict[] => conflicts.filter((c) => !Object.hasOwn(settled, c.id));

/** Which of `ids` cannot be settled: not a conflict of this stream, or settled already (a message), else undefined. */
export const unsettleable = (conflicts: readonly MergeConflict[], settled: Readonly<Record<string, string>>, ids: readonly string[]): string | undefined => {
  for (const id of ids) {
    if (!conflicts.some((c) => c.id === id)) return `no merge conflict ${JSON.stringify(id)}; \`maestro log --conflicts\` lists the open ones with their ids`;
    if (Object.hasOwn(settled, id)) return `merge conflict ${id} was settled already (by ${settled[id]})`;
  }
  return undefined;
};

/** `log settle` in a stream: one ConflictsSettled naming each id once, or NotFound naming the first id that cannot be settled. */
export const decideSettle = (s: { readonly conflicts: readonly MergeConflict[]; readonly settled: Readonly<Record<string, string>> }, ids: readonly string[], note: string | undefined) => {
  const why = unsettleable(s.conflicts, s.settled, ids);
  return why ? Either.left(new NotFound({ condition: "ConflictNotFound", message: why })) : Either.right([{ type: "ConflictsSettled" as const, data: { ids: [...new Set(ids)], note: note ?? null } }]);
};
