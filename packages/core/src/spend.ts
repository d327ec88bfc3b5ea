// What an agent run used and cost, and the budgets it is held to. Pure: token counts come from
// the agent CLI's own machine-readable output (handoff/src/usage.ts reads it); a cost the CLI did
// not report is estimated from a price table in config (`prices.<model>`), and says so.
import * as Either from "effect/Either";
import { InvalidInput } from "./errors.js";

export interface Usage {
  /** every input token, cached ones included */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** input tokens served from the provider's cache (a part of inputTokens) */
  readonly cachedTokens: number;
  readonly model: string | null;
  /** dollars; null where neither the CLI nor a price in config says */
  readonly costUsd: number | null;
  /** the cost was computed here from `prices.<model>`, not reported by the CLI */
  readonly estimated: boolean;
}

/** `$5`, `$0.50`, `200k tokens`, `1.5m tokens`, `30000 tokens`. */
export const BUDGET_PATTERN = /^(\$\d+(\.\d+)?|\d+(\.\d+)?[km]? tokens)$/;
export type Budget = { readonly usd: number } | { readonly tokens: number };

export const parseBudget = (what: string, text: string): Either.Either<Budget, InvalidInput> => {
  const t = text.trim();
  if (!BUDGET_PATTERN.test(t)) return Either.left(new InvalidInput({ condition: "InvalidValue", message: `${what} takes dollars or tokens, like $5, $0.50, 200k tokens or 1.5m tokens; got ${JSON.stringify(text)}` }));
  if (t.startsWith("$")) return Either.right({ usd: Number(t.slice(1)) });
  const m = /^(\d+(?:\.\d+)?)([km]?) tokens$/.exec(t)!;
  return Either.right({ tokens: Math.round(Number(m[1]) * (m[2] === "k" ? 1e3 : m[2] === "m" ? 1e6 : 1)) });
};

export const budgetText = (b: Budget): string => ("usd" in b ? `$${b.usd}` : `${b.tokens} tokens`);

/** Dollars per million input, output and (optionally) cached input tokens: `3/15` or `3/15/0.3`. */
export const PRICE_PATTERN = /^\d+(\.\d+)?\/\d+(\.\d+)?(\/\d+(\.\d+)?)?$/;
export interface Price {
  readonly input: number;
  readonly output: number;
  readonly cached: number;
}
export const parsePrice = (text: string): Price => {
  const [input, output, cached] = text.split("/").map(Number);
  return { input: input!, output: output!, cached: cached ?? input! };
};

/** The cost of `u` at `p`: cached input at its own price, the rest of the input at the input price. */
export const costAt = (u: Pick<Usage, "inputTokens" | "outputTokens" | "cachedTokens">, p: Price): number =>
  round((p.input * (u.inputTokens - u.cachedTokens) + p.cached * u.cachedTokens + p.output * u.outputTokens) / 1e6);

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** How much of a budget `spent` uses (in the budget's unit), and whether it is past it. */
export const spentOf = (b: Budget, spent: { readonly costUsd: number; readonly tokens: number }) => {
  const used = "usd" in b ? spent.costUsd : spent.tokens;
  const limit = "usd" in b ? b.usd : b.tokens;
  return { used, limit, over: used > limit, text: "usd" in b ? `$${round(used)} of $${limit}` : `${used} of ${limit} tokens` };
};

/** Sums runs' usage: tokens, and dollars where known (`unpriced` counts the runs with no cost). */
export const totalOf = (us: readonly (Usage | null)[]) => {
  const known = us.filter((u): u is Usage => u !== null);
  return {
    inputTokens: known.reduce((n, u) => n + u.inputTokens, 0),
    outputTokens: known.reduce((n, u) => n + u.outputTokens, 0),
    cachedTokens: known.reduce((n, u) => n + u.cachedTokens, 0),
    costUsd: round(known.reduce((n, u) => n + (u.costUsd ?? 0), 0)),
    unpriced: known.filter((u) => u.costUsd === null).length,
    estimated: known.some((u) => u.estimated),
  };
};
