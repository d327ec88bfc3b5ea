// Human durations for flags like `--stale-after 4h`: a whole number and one unit (s m h d).
import * as Either from "effect/Either";
import { InvalidInput } from "./errors.js";

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const parseDuration = (flag: string, text: string): Either.Either<number, InvalidInput> => {
  const m = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (!m) return Either.left(new InvalidInput({ condition: "InvalidValue", message: `--${flag} takes a duration like 30m, 4h or 2d, got ${JSON.stringify(text)}` }));
  return Either.right(Number(m[1]) * UNITS[m[2]!]!);
};

export const formatAge = (ms: number): string => {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 90) return `${s}s`;
  if (s < 90 * 60) return `${Math.round(s / 60)}m`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
};
