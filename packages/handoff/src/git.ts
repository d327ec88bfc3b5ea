// What a brief needs from git, and worktrees for `handoff --worktree`. Every call is an argv
// array to the git binary; a directory that is not a repo simply has no git facts.
import { execFileSync } from "node:child_process";
import { basename, dirname, join } from "node:path";
import { Conflict, InvalidInput } from "@maestro/core/errors";

const git = (cwd: string, args: readonly string[]): string | undefined => {
  try {
    return execFileSync("git", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
};

export interface GitFacts {
  readonly root: string;
  readonly branch: string | null;
  readonly head: string | null;
  readonly subject: string | null;
  /** changed, staged or untracked paths */
  readonly changed: readonly string[];
  /** paths touched by the last few commits, newest first */
  readonly recent: readonly string[];
}

export const gitFacts = (dir: string): GitFacts | undefined => {
  const root = git(dir, ["rev-parse", "--show-toplevel"]);
  if (!root) return undefined;
  const head = git(dir, ["rev-parse", "--short", "HEAD"]) ?? null;
  const changed = (git(dir, ["status", "--porcelain", "--untracked-files=normal"]) ?? "")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(3).replace(/^"|"$/g, ""))
    .filter((p) => !p.startsWith(".maestro/"));
  const recent = [...new Set((git(dir, ["log", "-n", "10", "--name-only", "--format="]) ?? "").split("\n").filter(Boolean))].filter((p) => !p.startsWith(".maestro/")).slice(0, 20);
  return { root, branch: git(dir, ["branch", "--show-current"]) || null, head, subject: head ? (git(dir, ["log", "-1", "--format=%s"]) ?? null) : null, changed, recent };
};

/** `git worktree add -b <name> <repo>-<name> <base>`, beside the repo; refuses an existing branch. */
export const addWorktree = (repoRoot: string, name: string, base: string | undefined): { path: string; branch: string; base: string } => {
  // (what is wrong, said as it is: no git, no commit yet, or a detached HEAD)
  if (git(repoRoot, ["rev-parse", "--git-dir"]) === undefined) throw new InvalidInput({ condition: "NotAGitRepository", message: `--worktree runs the agent in a new git worktree, but ${repoRoot} is not a git repository (git init)` });
  if (base === undefined && git(repoRoot, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]) === undefined)
    throw new InvalidInput({ condition: "InvalidValue", message: `--worktree starts from a commit, and ${repoRoot} has no commit yet (git commit first)` });
  const from = base ?? git(repoRoot, ["branch", "--show-current"]);
  if (!from) throw new InvalidInput({ condition: "UsageError", message: "--worktree needs a base branch: HEAD is detached; pass --base <branch>, or check out a branch" });
  if (git(repoRoot, ["rev-parse", "--verify", "--quiet", `refs/heads/${name}`]) !== undefined)
    throw new Conflict({ condition: "AlreadyExists", message: `branch "${name}" already exists; pick another --worktree name or remove it (git branch -D ${name})` });
  if (git(repoRoot, ["rev-parse", "--verify", "--quiet", `${from}^{commit}`]) === undefined) throw new InvalidInput({ condition: "InvalidValue", message: `--base "${from}" is not a branch or commit of ${repoRoot}` });
  const path = join(dirname(repoRoot), `${basename(repoRoot)}-${name.replaceAll("/", "-")}`);
  try {
    execFileSync("git", ["worktree", "add", "-b", name, path, from], { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const err = String((e as { stderr?: Buffer }).stderr ?? e).trim().split("\n").pop();
    throw new InvalidInput({ condition: "GitFailed", message: `git worktree add failed: ${err}` });
  }
  return { path, branch: name, base: from };
};

/** Undoes `addWorktree` for a launch that failed before it started: the worktree, its folder and its branch. */
export const removeWorktree = (repoRoot: string, wt: { path: string; branch: string }): void => {
  git(repoRoot, ["worktree", "remove", "--force", wt.path]);
  git(repoRoot, ["branch", "-D", wt.branch]);
};
