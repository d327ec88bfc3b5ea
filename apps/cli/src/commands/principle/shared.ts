// What the principle commands share.
import type { Principle } from "@maestro/core/principles/events";
import { dim } from "../../output.js";

/** `--gate-field` with `--gate-check` as a gate (the engine checks the check's form). */
export const gateOf = (a: { readonly gateField?: string | undefined; readonly gateCheck?: string | undefined }) => (a.gateField && a.gateCheck ? { field: a.gateField, check: a.gateCheck } : null);

export const rows = (ps: readonly Principle[]) => [["ID", "MODE", "GATE", "PROFILES", "RULE"].map(dim), ...ps.map((p) => [p.id, p.mode, p.gate ? `${p.gate.field} ${p.gate.check}` : "-", p.profiles.join(","), p.rule])];
