// A piece of work's contract with the code (the original tool's task contracts, folded into the
// plan): which files it may touch (`files`, globs), which it must not (`forbidden`), how many at
// most (`maxFiles`), and what done looks like (`doneWhen`, carried into the brief). A reply or a
// completion is judged against the files its run changed. Pure; its Schema is plan.ts's
// ScopeSchema (this module stays free of Schema: replies and completions judge with it).
import picomatch from "picomatch";

export interface Scope {
  readonly files?: readonly string[] | undefined;
  readonly forbidden?: readonly string[] | undefined;
  readonly maxFiles?: number | undefined;
}

export interface ScopeVerdict {
  readonly passed: boolean;
  /** what broke it, with the offending paths; or what held */
  readonly detail: string;
  readonly forbidden: readonly string[];
  readonly outside: readonly string[];
}

const matcher = (globs: readonly string[] | undefined) => (globs?.length ? picomatch([...globs], { dot: true }) : undefined);

/** The changed `paths` against `scope`: a forbidden file touched, a file outside its globs, or more files than its cap each fail it. */
export const judgeScope = (scope: Scope, paths: readonly string[]): ScopeVerdict => {
  const forbid = matcher(scope.forbidden);
  const allow = matcher(scope.files);
  const forbidden = forbid ? paths.filter((p) => forbid(p)) : [];
  const outside = allow ? paths.filter((p) => !allow(p) && !forbidden.includes(p)) : [];
  const over = scope.maxFiles !== undefined && paths.length > scope.maxFiles;
  const why = [
    ...(forbidden.length ? [`forbidden files touched: ${forbidden.join(", ")}`] : []),
    ...(outside.length ? [`files outside scope (${scope.files!.join(", ")}): ${outside.join(", ")}`] : []),
    ...(over ? [`${paths.length} files changed, more than maxFiles ${scope.maxFiles}`] : []),
  ];
  return { passed: why.length === 0, detail: why.length ? why.join("; ") : `${paths.length} file(s) changed, all within scope`, forbidden, outside };
};

/** The scope in words, for a brief. */
export const scopeText = (s: Scope): string[] => [
  ...(s.files?.length ? [`Change only files matching: ${s.files.join(", ")}`] : []),
  ...(s.forbidden?.length ? [`Never touch: ${s.forbidden.join(", ")}`] : []),
  ...(s.maxFiles !== undefined ? [`Change at most ${s.maxFiles} file(s)`] : []),
];
