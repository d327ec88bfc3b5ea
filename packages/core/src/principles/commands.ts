// The commands of the principles stream, declared once as Schemas the engine decodes each
// command with before `decide` sees it.
import * as Schema from "effect/Schema";
import { USER_ID_PATTERN } from "../ids.js";
import { FreeText, OneLine, Optional, Required } from "../input-fields.js";
import { MILESTONE_PROFILES } from "../mission/statuses.js";
import { UserId } from "../user-id.js";
import { PrincipleMode } from "./events.js";
import { GATE_CHECK_PATTERN } from "./values.js";


const Profiles = Schema.Array(Schema.String).pipe(
  Schema.filter((ps) => {
    const odd = ps.find((x) => !(MILESTONE_PROFILES as readonly string[]).includes(x));
    return (ps.length > 0 && odd === undefined) || `--profiles takes one or more of ${MILESTONE_PROFILES.join(", ")}${odd !== undefined ? `, got ${JSON.stringify(odd)}` : ""}`;
  }),
);
const GateCheckFlag = Schema.String.pipe(
  Schema.filter((s) => GATE_CHECK_PATTERN.test(s) || `--gate-check must be array_min_length:N, object_non_empty or array_all_passed, got ${JSON.stringify(s)}`),
);
const Fields = {
  name: Required("--name"),
  rule: FreeText("--rule").pipe(Schema.filter((s) => s.trim().length > 0 || "--rule must not be empty")),
  profiles: Profiles,
  mode: PrincipleMode,
  gate: Schema.NullOr(Schema.Struct({ field: OneLine("--gate-field"), check: GateCheckFlag })),
};
const HandoffId = Schema.String.pipe(Schema.filter((s) => USER_ID_PATTERN.test(s) || `--handoff ${JSON.stringify(s)} is no handoff id; see \`maestro handoff list\``));

export const PrincipleCommand = Schema.Union(
  Schema.Struct({ type: Schema.Literal("Seed") }),
  Schema.Struct({ type: Schema.Literal("Add"), principle: Schema.Struct({ id: UserId, ...Fields }) }),
  Schema.Struct({ type: Schema.Literal("Update"), id: UserId, changes: Schema.Struct({ name: Optional(Fields.name), rule: Optional(Fields.rule), profiles: Optional(Fields.profiles), mode: Optional(Fields.mode), gate: Optional(Fields.gate) }) }),
  Schema.Struct({ type: Schema.Literal("Remove"), id: UserId }),
  Schema.Struct({ type: Schema.Literal("Rate"), principleId: UserId, handoffId: HandoffId, helpful: Schema.Boolean }),
  Schema.Struct({ type: Schema.Literal("SettleConflicts"), ids: Schema.Array(OneLine("a conflict id")), note: Optional(FreeText("--note")) }),
);
export type PrincipleCommand = typeof PrincipleCommand.Type;
