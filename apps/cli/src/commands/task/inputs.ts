// Flag values as engine inputs: priorities, limits, filters, durations, task refs.
import * as Either from "effect/Either";
import { parseDuration } from "@maestro/core/duration";
import { InvalidInput } from "@maestro/core/errors";
import type { TaskFilter } from "@maestro/core/tasks/queries";
import { PRIORITIES, TASK_TYPES } from "@maestro/core/tasks/values";
import { oneOf } from "../../args.js";

export const priorityOf = (p: string | undefined) => (p === undefined ? undefined : oneOf("priority", /^\d$/.test(p) ? `P${p}` : p.toUpperCase(), PRIORITIES));

/** `--limit`: 0 (or none) means all; a negative count is a mistake. */
export const limitFlag = (n: number | undefined) => {
  if (n === undefined || n === 0) return undefined;
  if (!Number.isInteger(n) || n < 0) throw new InvalidInput({ condition: "InvalidValue", message: `--limit must be a whole number, 0 for all; got ${n}` });
  return n;
};

export const filterOf = (a: { readonly label?: string | undefined; readonly priority?: string | undefined; readonly type?: string | undefined }): TaskFilter => {
  const priority = priorityOf(a.priority);
  return { ...(a.label !== undefined ? { label: a.label } : {}), ...(priority ? { priority } : {}), ...(a.type !== undefined ? { type: oneOf("type", a.type, TASK_TYPES) } : {}) };
};

/** `--scope`: a JSON object `{"files": [globs], "forbidden": [globs], "maxFiles": N}` (its fields are checked with the command), or `none` to drop it. */
export const scopeOf = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  if (text.trim() === "none") return null;
  try {
    const v: unknown = JSON.parse(text);
    if (v !== null && typeof v === "object" && !Array.isArray(v)) return v;
  } catch {
    // said below
  }
  throw new InvalidInput({ condition: "InvalidValue", message: `--scope takes a JSON object like '{"files":["src/**"],"forbidden":["db/**"],"maxFiles":5}' (or none), got ${JSON.stringify(text)}` });
};

export const durationOf = (flag: string, v: string | undefined) => (v === undefined ? undefined : Either.getOrThrowWith(parseDuration(flag, v), (e) => e));
