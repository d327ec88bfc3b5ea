// Clones of one stream in memory, for merge property tests: each decides commands against its
// own view and records what it writes (one clock per command, its own segment), pulls another's
// lines, and everything merges in the store's fold order (clock, segment, position).
import * as Either from "effect/Either";
import fc from "fast-check";
import { foldEvents, type NewEvent, type Recorded, type StreamKind } from "@maestro/core/envelope";
import type { MergeConflict } from "@maestro/core/conflicts";
import type { DomainError } from "@maestro/core/errors";

export interface Clone<E extends NewEvent> {
  readonly name: string;
  events: Recorded<E>[];
}

/** A command step of clone 0-2, or a pull of one clone's lines into another. */
export type CloneStep<C> = { readonly clone: 0 | 1 | 2; readonly cmd: C } | { readonly pull: 0 | 1 | 2; readonly from: 0 | 1 | 2 };

export const cloneSteps = <C>(command: (clone: 0 | 1 | 2) => fc.Arbitrary<C>, opts: { readonly minLength?: number; readonly maxLength: number; readonly commandWeight: number }): fc.Arbitrary<CloneStep<C>[]> => {
  const clone = fc.constantFrom(0 as const, 1 as const, 2 as const);
  return fc.array(
    fc.oneof(
      { weight: opts.commandWeight, arbitrary: clone.chain((c) => command(c).map((cmd): CloneStep<C> => ({ clone: c, cmd }))) },
      { weight: 1, arbitrary: fc.tuple(clone, clone).map(([pull, from]): CloneStep<C> => ({ pull, from })) },
    ),
    { minLength: opts.minLength ?? 0, maxLength: opts.maxLength },
  );
};

/** `decide` gets the clone's lines too, for a command the engine would complete from history (a restore's past state). */
export const clonesOf = <S, E extends NewEvent, C>(kind: StreamKind<S, E>, decide: (s: S, c: C, lines: readonly Recorded<E>[]) => Either.Either<E[], DomainError>, at = "2026-01-01T00:00:00.000Z") => {
  const fold = (events: readonly Recorded<E>[]): S => foldEvents(kind, kind.initial, events.map((e, i) => ({ ...e, seq: i + 1 })));
  /** Every line of the sets once, in fold order. */
  const merged = (...sets: (readonly Recorded<E>[])[]): Recorded<E>[] => {
    const byId = new Map<string, Recorded<E>>();
    for (const set of sets) for (const e of set) byId.set(e.id, e);
    return [...byId.values()].sort((a, b) => a.clock - b.clock || (a.segment < b.segment ? -1 : a.segment > b.segment ? 1 : 0) || a.pos - b.pos);
  };
  /** Decides a command against the clone's own view and records what it writes; whether it wrote. */
  const run = (c: Clone<E>, cmd: C): boolean => {
    const r = decide(fold(c.events), cmd, c.events);
    if (Either.isLeft(r) || r.right.length === 0) return false;
    const clock = Math.max(0, ...c.events.map((e) => e.clock)) + 1;
    const pos = c.events.filter((e) => e.segment === c.name).length;
    r.right.forEach((e, i) => c.events.push({ ...e, seq: 0, id: `ev_${c.name}_${pos + i}`, at, actor: c.name, clock, segment: c.name, pos: pos + i + 1 } as Recorded<E>));
    return true;
  };
  /** Plays steps on three clones that start from `base`; every line they hold, merged. */
  const play = (steps: readonly CloneStep<C>[], base: () => Recorded<E>[]) => {
    const clones: Clone<E>[] = ["alice", "bob", "carol"].map((name) => ({ name, events: base() }));
    for (const s of steps) {
      if ("cmd" in s) run(clones[s.clone]!, s.cmd);
      else clones[s.pull]!.events = merged(clones[s.pull]!.events, clones[s.from]!.events);
    }
    return { clones, all: merged(...clones.map((c) => c.events)), reversed: merged(...[...clones].reverse().map((c) => c.events)) };
  };
  /**
   * Plays the steps and merges every clone's lines: the state the merge folds to (and the same
   * fold of the lines merged in the other order), the events it applied (all but those it lists
   * as skipped conflicts), and the fold of those alone.
   */
  const merge = (steps: readonly CloneStep<C>[], base: () => Recorded<E>[]) => {
    const { all, reversed } = play(steps, base);
    const state = fold(all);
    const skipped = new Set((state as { readonly conflicts: readonly MergeConflict[] }).conflicts.filter((c) => c.kind === "skipped").map((c) => c.eventId));
    const applied = all.filter((e) => !skipped.has(e.id));
    return { state, otherOrder: fold(reversed), skipped, applied, serial: fold(applied) };
  };
  return { fold, merged, run, play, merge };
};
