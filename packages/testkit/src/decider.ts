// given(events).when(command).then(events) for pure deciders, after emmett's
// deciderSpecification: a test reads as a small history.
import * as Either from "effect/Either";
import { foldEvents, type NewEvent, type Recorded, type StreamKind } from "@maestro/core/envelope";
import type { DomainError } from "@maestro/core/errors";
import { expect } from "vitest";

export const record = <E extends NewEvent>(events: readonly E[], actor = "test"): Recorded<E>[] =>
  events.map((e, i) => ({ ...e, seq: i + 1, id: `ev_${i + 1}`, at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(), actor, clock: i + 1, segment: "test", pos: i + 1 }));

export const foldAll = <S, E extends NewEvent>(kind: StreamKind<S, E>, events: readonly E[]): S => foldEvents(kind, kind.initial, record(events));

export const spec = <S, E extends NewEvent, C>(kind: StreamKind<S, E>, decide: (s: S, c: C) => Either.Either<E[], DomainError>) => ({
  given: (events: readonly E[]) => ({
    when: (command: C) => {
      const result = decide(foldAll(kind, events), command);
      return {
        then: (expected: readonly E[]) => {
          if (Either.isLeft(result)) throw new Error(`expected events, got ${result.left._tag}: ${result.left.message}`);
          expect(result.right).toEqual(expected);
        },
        thenThrows: (tag: DomainError["_tag"], message?: RegExp) => {
          if (Either.isRight(result)) throw new Error(`expected ${tag}, got events ${JSON.stringify(result.right)}`);
          expect(result.left._tag).toBe(tag);
          if (message) expect(result.left.message).toMatch(message);
        },
        result,
      };
    },
  }),
});

/** Freezes a value and everything it holds, so a later write into it throws (ESM is strict). */
export const deepFreeze = <T>(x: T): T => {
  if (x !== null && typeof x === "object" && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
};
