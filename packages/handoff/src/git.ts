// What a brief needs from git, and worktrees for `handoff --worktree`. Every call is an argv
// array to the git binary; a directory that is not a repo simply has no git facts.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Conflict, InvalidInput } from "@maestro/core/errors";
import type { GitAnchor, GitChanges } from "@maestro/core/handoff/facts";

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

/** Where a run (or a claim) started in git: the commit, the branch and the worktree; or why there is none. */
export const gitAnchor = (dir: string): GitAnchor => {
  const worktree = git(dir, ["rev-parse", "--show-toplevel"]);
  if (worktree === undefined) return { unavailable: "not a git repository" };
  return { head: git(dir, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]) || null, branch: git(dir, ["branch", "--show-current"]) || null, worktree };
};

const numstat = (out: string | undefined): Map<string, { added: number | null; removed: number | null }> => {
  const m = new Map<string, { added: number | null; removed: number | null }>();
  for (const line of (out ?? "").split("\n").filter(Boolean)) {
    const [a, r, ...p] = line.split("\t");
    m.set(p.join("\t"), { added: a === "-" ? null : Number(a), removed: r === "-" ? null : Number(r) });
  }
  return m;
};

/** The files already changed or untracked when a run starts, by content hash: unchanged by the run, they are not its work. */
export const dirtyAt = (at: string): ReadonlyMap<string, string> => {
  const dir = git(at, ["rev-parse", "--show-toplevel"]);
  if (dir === undefined) return new Map();
  const paths = (git(dir, ["-c", "core.quotePath=false", "status", "--porcelain", "--untracked-files=all", "--no-renames"]) ?? "")
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(3))
    .filter((p) => !p.startsWith(".maestro/"));
  const hashes = paths.length ? (git(dir, ["hash-object", "--", ...paths]) ?? "").split("\n") : [];
  // (a deleted file has no content to hash: it stays "changed" either way)
  return new Map(paths.flatMap((p, i) => (hashes[i] ? [[p, hashes[i]!] as const] : [])));
};

/**
 * What changed in the worktree of `at` since `anchor`: the commits made (sha, subject, author),
 * and every file changed with its added and removed lines, committed or left uncommitted
 * (untracked files count their lines as added), less the files `before` holds unchanged.
 * maestro's own state (`.maestro/`) is not the agent's work.
 */
export const changesSince = (at: string, anchor: GitAnchor, before: ReadonlyMap<string, string> = new Map()): GitChanges => {
  if ("unavailable" in anchor) return anchor;
  // (the whole worktree, wherever in it the run worked)
  const dir = git(at, ["rev-parse", "--show-toplevel"]);
  if (dir === undefined) return { unavailable: `${at} is no longer in a git repository` };
  const head = git(dir, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]) || null;
  const branch = git(dir, ["branch", "--show-current"]) || null;
  // (no commit at the start: everything in the tree since is the run's)
  const base = anchor.head ?? git(dir, ["hash-object", "-t", "tree", "/dev/null"])!;
  const commits = head
    ? (git(dir, ["log", "--format=%H%x1f%s%x1f%an <%ae>", anchor.head ? `${anchor.head}..HEAD` : "HEAD"]) ?? "")
        .split("\n")
        .filter(Boolean)
        .map((l) => {
          const [sha, subject, author] = l.split("\x1f");
          return { sha: sha!, subject: subject!, author: author! };
        })
    : [];
  const all = numstat(git(dir, ["diff", "--numstat", "--no-renames", base, "--", ".", ":(exclude).maestro"]));
  const open = numstat(head ? git(dir, ["diff", "--numstat", "--no-renames", "HEAD", "--", ".", ":(exclude).maestro"]) : undefined);
  for (const p of (git(dir, ["ls-files", "--others", "--exclude-standard", "--", ".", ":(exclude).maestro"]) ?? "").split("\n").filter(Boolean)) {
    let lines: number | null = null;
    try {
      const text = readFileSync(join(dir, p));
      lines = text.includes(0) ? null : text.toString("utf8").split("\n").length - (text.at(-1) === 10 ? 1 : 0);
    } catch {
      // gone since git listed it
    }
    all.set(p, { added: lines, removed: lines === null ? null : 0 });
    open.set(p, { added: lines, removed: 0 });
  }
  const same = before.size ? sameAsBefore(dir, before, [...all.keys()]) : new Set<string>();
  const files = [...all]
    .filter(([path]) => !same.has(path))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, n]) => ({ path, ...n, uncommitted: open.has(path) }));
  const baseReachable = anchor.head === null || (head !== null && git(dir, ["merge-base", "--is-ancestor", anchor.head, "HEAD"]) !== undefined);
  return { after: { head, branch }, commits, files, baseReachable };
};

/** Of `paths`, those whose content is what it was before (hashed then), so not the run's doing. */
const sameAsBefore = (dir: string, before: ReadonlyMap<string, string>, paths: readonly string[]): Set<string> => {
  const was = paths.filter((p) => before.has(p));
  const now = was.length ? (git(dir, ["hash-object", "--", ...was]) ?? "").split("\n") : [];
  return new Set(was.filter((p, i) => now[i] === before.get(p)));
};

/** Every commit a branch or tag reaches (a commit outside it was dropped by a rebase or reset), or undefined outside git. */
export const reachableCommits = (dir: string): ReadonlySet<string> | undefined => {
  const all = git(dir, ["rev-list", "--all"]);
  return all === undefined ? undefined : new Set(all.split("\n"));
};

/**
 * HEAD's commit, read from git's files without running git (a claim records it, and claims
 * must stay fast): the `.git` dir (or a worktree's `gitdir:` file), HEAD, the loose ref or
 * packed-refs. Undefined outside a repository; null before the first commit.
 */
export const headOf = (from: string): string | null | undefined => {
  for (let dir = from; ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    let gitDir: string | undefined;
    try {
      gitDir = statSync(dotGit).isDirectory() ? dotGit : /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, "utf8"))?.[1]?.trim();
    } catch {
      // not here: go up
    }
    if (gitDir) {
      gitDir = resolve(dir, gitDir);
      const common = (() => {
        try {
          return resolve(gitDir, readFileSync(join(gitDir, "commondir"), "utf8").trim());
        } catch {
          return gitDir;
        }
      })();
      const head = readFileSync(join(gitDir, "HEAD"), "utf8").trim();
      const ref = /^ref:\s*(.+)$/.exec(head)?.[1];
      if (!ref) return /^[0-9a-f]{40,64}$/.test(head) ? head : null;
      for (const base of [gitDir, common]) {
        try {
          return readFileSync(join(base, ref), "utf8").trim();
        } catch {
          // packed, or not yet made
        }
      }
      try {
        const line = readFileSync(join(common, "packed-refs"), "utf8").split("\n").find((l) => l.endsWith(` ${ref}`));
        return line ? line.split(" ")[0]! : null;
      } catch {
        return null;
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
};
