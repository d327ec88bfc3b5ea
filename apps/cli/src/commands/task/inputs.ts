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

export const durationOf = (flag: string, v: string | undefined) => (v === undefined ? undefined : Either.getOrThrowWith(parseDuration(flag, v), (e) => e));
