// What the principle commands share.
import { InvalidInput } from "@maestro/core/errors";
import type { Principle } from "@maestro/core/principles/events";
import { GATE_CHECK_PATTERN } from "@maestro/core/principles/values";
import { type Common } from "../../args.js";
import { dim } from "../../output.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
export const commands = () => import("@maestro/engine/knowledge-commands");

export interface Args extends Common {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly rule?: string | undefined;
  readonly profiles?: string | undefined;
  readonly profile?: string | undefined;
  readonly mode?: string | undefined;
  readonly gateField?: string | undefined;
  readonly gateCheck?: string | undefined;
  readonly handoff?: string | undefined;
  readonly rating?: string | undefined;
}

export const gateOf = (a: Args) => {
  if (a.gateCheck !== undefined && !GATE_CHECK_PATTERN.test(a.gateCheck)) throw new InvalidInput({ condition: "InvalidValue", message: `--gate-check must be array_min_length:N, object_non_empty or array_all_passed, got ${JSON.stringify(a.gateCheck)}` });
  return a.gateField && a.gateCheck ? { field: a.gateField, check: a.gateCheck } : null;
};

export const rows = (ps: readonly Principle[]) => [["ID", "MODE", "GATE", "PROFILES", "RULE"].map(dim), ...ps.map((p) => [p.id, p.mode, p.gate ? `${p.gate.field} ${p.gate.check}` : "-", p.profiles.join(","), p.rule])];
