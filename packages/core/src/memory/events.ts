// The events of the memory stream, declared once.
import * as Schema from "effect/Schema";
import type { EventOf } from "../envelope.js";
import { makeCodec } from "../schema-codec.js";
import { SEVERITIES } from "./values.js";

export const Severity = Schema.Literal(...SEVERITIES);
export type Severity = typeof Severity.Type;

export const GuidanceItem = Schema.Struct({ text: Schema.String, count: Schema.Int, lastAt: Schema.String, sourceIds: Schema.Array(Schema.String) });
export type GuidanceItem = typeof GuidanceItem.Type;

export const MemoryEventDefs = {
  CorrectionAdded: { v: 1, data: Schema.Struct({ id: Schema.String, rule: Schema.String, keywords: Schema.Array(Schema.String), files: Schema.Array(Schema.String), severity: Severity }) },
  LearningAdded: { v: 1, data: Schema.Struct({ id: Schema.String, text: Schema.String, branch: Schema.NullOr(Schema.String) }) },
  GuidanceCompiled: { v: 1, data: Schema.Struct({ guidance: Schema.Array(GuidanceItem), fromSeq: Schema.Int }) },
  MemoryForgotten: { v: 1, data: Schema.Struct({ id: Schema.String, reason: Schema.NullOr(Schema.String) }) },
} as const;
export type MemoryEvent = EventOf<typeof MemoryEventDefs>;
export const memoryCodec = makeCodec("memory", MemoryEventDefs);

