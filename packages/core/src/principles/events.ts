// The events of the principles stream and the Schema of a principle, declared once.
import * as Schema from "effect/Schema";
import type { EventOf } from "../envelope.js";
import { makeCodec } from "../schema-codec.js";
import { UserId } from "../user-id.js";
import { GATE_CHECK_PATTERN, PRINCIPLE_MODES } from "./values.js";

export const PrincipleMode = Schema.Literal(...PRINCIPLE_MODES);
export type PrincipleMode = typeof PrincipleMode.Type;
export const GateCheck = Schema.String.pipe(Schema.pattern(GATE_CHECK_PATTERN, { message: () => "gate check must be array_min_length:N, object_non_empty or array_all_passed" }));

export const Principle = Schema.Struct({
  id: UserId,
  name: Schema.String.pipe(Schema.nonEmptyString({ message: () => "name must not be empty" })),
  rule: Schema.String.pipe(Schema.nonEmptyString({ message: () => "rule must not be empty" })),
  profiles: Schema.Array(Schema.String),
  mode: PrincipleMode,
  gate: Schema.NullOr(Schema.Struct({ field: Schema.String, check: GateCheck })),
});
export type Principle = typeof Principle.Type;

export const PrincipleEventDefs = {
  PrinciplesSeeded: { v: 1, data: Schema.Struct({ principles: Schema.Array(Principle) }) },
  PrincipleAdded: { v: 1, data: Principle },
  /** the principle as it now reads, and as its writer saw it before (`was`): what a merge overwrote is listed */
  PrincipleUpdated: { v: 2, data: Schema.Struct({ ...Principle.fields, was: Schema.optional(Principle) }), upcast: { 1: (d: unknown) => d } },
  PrincipleRemoved: { v: 1, data: Schema.Struct({ id: Schema.String }) },
  /** merge conflicts seen and settled (`log settle`): no longer counted as open */
  ConflictsSettled: { v: 1, data: Schema.Struct({ ids: Schema.Array(Schema.String), note: Schema.NullOr(Schema.String) }) },
  PrincipleOutcomeRated: { v: 1, data: Schema.Struct({ principleId: Schema.String, handoffId: Schema.String, helpful: Schema.Boolean }) },
} as const;
export type PrincipleEvent = EventOf<typeof PrincipleEventDefs>;
export const principleCodec = makeCodec("principles", PrincipleEventDefs);

