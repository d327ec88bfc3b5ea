// What runs cost, against what they may spend: a run's usage from its agent's stream (a cost
// the CLI does not report is estimated from `prices.<model>`), a mission's spend over its runs,
// and the budgets config and `--budget` set (`budget.mission`, `budget.handoff`).
import * as Either from "effect/Either";
import type { ConfigValue } from "@maestro/core/config";
import { Conflict } from "@maestro/core/errors";
import type { HandoffRecord } from "@maestro/core/handoff/events";
import { budgetText, costAt, parseBudget, parsePrice, spentOf, totalOf, type Budget, type Usage } from "@maestro/core/spend";
import type { StreamUsage } from "@maestro/handoff/usage";
import { loadConfig } from "./config.js";
import type { Ctx } from "./context.js";
import { listHandoffs } from "./handoffs.js";

type Config = Readonly<Record<string, ConfigValue>>;

const priceOf = (config: Config, model: string | null) => {
  const v = model ? config[`prices.${model}`]?.value : undefined;
  return typeof v === "string" ? parsePrice(v) : undefined;
};

/** A run's usage as recorded: the CLI's own counts, and its cost, reported or estimated (per model where the CLI counts so). */
export const usageOf = (s: StreamUsage, config: Config, fallbackModel: string | null): Usage => {
  const model = s.model ?? fallbackModel;
  if (s.costUsd !== null) return { inputTokens: s.inputTokens, outputTokens: s.outputTokens, cachedTokens: s.cachedTokens, model, costUsd: s.costUsd, estimated: false };
  const parts = Object.entries(s.byModel);
  const priced = parts.length ? parts.map(([m, u]) => [priceOf(config, m), u] as const) : [[priceOf(config, model), s] as const];
  const cost = priced.every(([p]) => p !== undefined) ? priced.reduce((n, [p, u]) => n + costAt(u, p!), 0) : null;
  return { inputTokens: s.inputTokens, outputTokens: s.outputTokens, cachedTokens: s.cachedTokens, model, costUsd: cost === null ? null : Math.round(cost * 1e6) / 1e6, estimated: cost !== null };
};

const budgetAt = (config: Config, key: "budget.mission" | "budget.handoff"): Budget | null => {
  const v = config[key]?.value;
  return typeof v === "string" ? Either.getOrThrowWith(parseBudget(key, v), (e) => e) : null;
};

/** What a mission's runs have spent, over the project's launches given. */
const spentBy = (runs: readonly HandoffRecord[], missionId: string) => {
  const mine = runs.filter((h) => h.refs.missionId === missionId);
  const t = totalOf(mine.map((h) => h.usage));
  return { ...t, runs: mine.length, tokens: t.inputTokens + t.outputTokens };
};

/**
 * Each mission's spend, against `budget.mission` where one is set (`budget` null otherwise), for
 * `mission show` and `status`: the config and the launches are read once, whatever the missions.
 */
export const missionSpends = async (ctx: Ctx, runs?: readonly HandoffRecord[]) => {
  const budget = budgetAt(await loadConfig(ctx), "budget.mission");
  const all = runs ?? (await listHandoffs(ctx));
  return (missionId: string) => {
    const spent = spentBy(all, missionId);
    return { spent, budget: budget && { ...budget, ...spentOf(budget, spent) } };
  };
};

/**
 * The budget a new run gets (`--budget`, else `budget.handoff`), refused when the mission's
 * runs have spent its budget, or this run's budget would take it past.
 */
export const launchBudget = async (ctx: Ctx, missionId: string | undefined, flag: string | undefined): Promise<Budget | null> => {
  const config = await loadConfig(ctx);
  const own = flag !== undefined ? Either.getOrThrowWith(parseBudget("--budget", flag), (e) => e) : budgetAt(config, "budget.handoff");
  const limit = budgetAt(config, "budget.mission");
  if (!missionId || !limit) return own;
  const spent = spentBy(await listHandoffs(ctx), missionId);
  const now = spentOf(limit, spent);
  const sameUnit = own !== null && "usd" in own === "usd" in limit;
  const would = sameUnit ? now.used + ("usd" in own! ? own.usd : own!.tokens) : now.used;
  if (now.used >= now.limit || would > now.limit)
    throw new Conflict({
      condition: "BudgetExceeded",
      message: `mission ${missionId} has spent ${now.text} (budget.mission) over ${spent.runs} run(s)${now.used < now.limit && own ? `; a run with a budget of ${budgetText(own)} could take it past` : ""}; raise budget.mission (\`maestro config set budget.mission <amount>\`) to launch more`,
    });
  return own;
};

/** How far past its budget a run's usage is, in words, or undefined while within it. */
export const overBudget = (budget: Budget | null, u: Usage | null): string | undefined => {
  if (!budget || !u) return undefined;
  const s = spentOf(budget, { costUsd: u.costUsd ?? 0, tokens: u.inputTokens + u.outputTokens });
  return s.over ? `spent ${s.text}` : undefined;
};
