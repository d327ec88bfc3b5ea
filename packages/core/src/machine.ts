// One state machine per entity, as data: a table of which status may follow which, and one
// step that decide and evolve both use. decide asks `allows` (beside the real preconditions:
// blockers, holders, assertions); evolve asks `step` whether an event written against the
// status it left (`from`) still applies after a merge: it applies where its writer's intent
// still holds (the status is still `from`), is a no-op where its target already holds, and is
// a conflict otherwise. An event from before `from` was recorded (null) applies wherever the
// table allows its target from the status it meets. A new status is one row.
export type Table<S extends string> = Readonly<Record<S, readonly S[]>>;

export type Step = "apply" | "noop" | "conflict";

export const allows = <S extends string>(table: Table<S>, from: S, to: S): boolean => table[from].includes(to);

export const step = <S extends string>(table: Table<S>, current: S, from: S | null, to: S): Step => {
  if (from === null ? allows(table, current, to) : current === from && allows(table, from, to)) return "apply";
  return current === to ? "noop" : "conflict";
};

/** Why a step is a conflict, in words. */
export const staleStep = (what: string, current: string, from: string | null, to: string) =>
  `${what} is ${current} after a merge; ${from === null ? `-> ${to}` : `${from} -> ${to}`} no longer applies`;
