// The commands of the memory stream, declared once as Schemas the engine decodes each command
// with before `decide` sees it.
import * as Schema from "effect/Schema";
import { FreeText, OneLine, Optional } from "../input-fields.js";
import { Severity } from "./events.js";

const Said = (what: string, empty: string) => FreeText(what).pipe(Schema.filter((s) => s.trim().length > 0 || empty));

export const MemoryCommand = Schema.Union(
  Schema.Struct({ type: Schema.Literal("Correct"), id: Schema.String, rule: Said("the rule", "a correction needs its rule text"), keywords: Schema.Array(OneLine("--keywords")), files: Schema.Array(OneLine("--files")), severity: Severity }),
  Schema.Struct({ type: Schema.Literal("Learn"), id: Schema.String, text: Said("the learning", "a learning needs its text"), branch: Schema.NullOr(OneLine("--branch")) }),
  Schema.Struct({ type: Schema.Literal("Compile") }),
  Schema.Struct({ type: Schema.Literal("Forget"), id: OneLine("the entry id"), reason: Optional(FreeText("--reason")) }),
);
export type MemoryCommand = typeof MemoryCommand.Type;
