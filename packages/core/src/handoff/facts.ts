// A run's facts as the folds read them: where it started in git, what it changed, what it may
// spend. The log keeps each as one struct with optional keys (events.ts, for the generated
// guards); these give the precise cases back. No Schema here: task and handoff folds use them.

export type GitAnchor = { readonly head: string | null; readonly branch: string | null; readonly worktree: string } | { readonly unavailable: string };

export interface GitWork {
  readonly after: { readonly head: string | null; readonly branch: string | null };
  readonly commits: readonly { readonly sha: string; readonly subject: string; readonly author: string }[];
  readonly files: readonly { readonly path: string; readonly added: number | null; readonly removed: number | null; readonly uncommitted: boolean }[];
  readonly baseReachable: boolean;
}
export type GitChanges = GitWork | { readonly unavailable: string };

export type RunBudget = { readonly usd: number } | { readonly tokens: number };

type Wire<T> = { readonly [K in T extends unknown ? keyof T : never]?: (T extends Record<K, infer V> ? V : never) | undefined };

export const anchorOf = (w: Wire<GitAnchor>): GitAnchor => (w.unavailable !== undefined ? { unavailable: w.unavailable } : { head: w.head ?? null, branch: w.branch ?? null, worktree: w.worktree ?? "" });

export const changesOf = (w: Wire<GitChanges>): GitChanges =>
  w.unavailable !== undefined ? { unavailable: w.unavailable } : { after: w.after ?? { head: null, branch: null }, commits: w.commits ?? [], files: w.files ?? [], baseReachable: w.baseReachable ?? true };

export const budgetOf = (w: Wire<RunBudget>): RunBudget => (w.usd !== undefined ? { usd: w.usd } : { tokens: w.tokens ?? 0 });
