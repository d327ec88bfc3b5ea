// Merge conflicts: an event that met, after a merge, a state its writer never saw and that
// its family's rule says it cannot apply to. The fold never throws on one: the event stays in
// the log, is skipped, and is recorded here with why, so `log --conflicts`, `doctor`, `status`
// and the losing session can see it.
import type { NewEvent, Recorded } from "./envelope.js";

export interface MergeConflict {
  readonly eventId: string;
  readonly seq: number;
  readonly type: string;
  readonly actor: string;
  readonly at: string;
  /** what it was about: a task, feature, milestone or checkpoint id */
  readonly subject: string;
  readonly reason: string;
}

export const conflictOf = (e: Recorded<NewEvent>, subject: string, reason: string): MergeConflict => ({
  eventId: e.id,
  seq: e.seq,
  type: e.type,
  actor: e.actor,
  at: e.at,
  subject,
  reason,
});
