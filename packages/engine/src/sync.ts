// `maestro sync`: share this clone's maestro state with the team through git. Commits the
// `.maestro/` changes alone (a pathspec commit: the user's staged code stays staged and
// uncommitted), pulls with a merge (segments never conflict; code files may), checks the
// store, pushes. git runs through @effect/platform's Command, loaded only by this command.
import * as Command from "@effect/platform/Command";
import * as NodeContext from "@effect/platform-node/NodeContext";
import * as Effect from "effect/Effect";
import * as Stream from "effect/Stream";
import { Conflict, InvalidInput, NotFound } from "@maestro/core/errors";
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { Ctx } from "./context.js";
import { listConflicts, verifyAll } from "./log.js";
import { notify } from "./notify.js";
import { requireWorkspace } from "./workspace.js";

interface Ran {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

const text = (s: Stream.Stream<Uint8Array, unknown>) => s.pipe(Stream.decodeText(), Stream.runFold("", (a, b) => a + b));

/** Runs git in `cwd`, with its output and exit code (a git that cannot start is a clear error). */
const git = (cwd: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<Ran> =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const proc = yield* Command.make("git", ...args).pipe(
          Command.workingDirectory(cwd),
          Command.env(Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))),
          Command.start,
        );
        const [out, err, code] = yield* Effect.all([text(proc.stdout), text(proc.stderr), proc.exitCode], { concurrency: 3 });
        return { code: Number(code), out, err };
      }),
    ).pipe(
      Effect.provide(NodeContext.layer),
      Effect.catchAll((e) => Effect.fail(new NotFound({ condition: "GitNotInstalled", message: `could not run git (${String((e as { message?: string }).message ?? e)}); install git` }))),
    ),
  );

/**
 * Settles a segment both sides added where one side's bytes start the other's (a copied
 * checkout committed the original's segment before the original wrote more): segments only
 * grow, so the longer holds the shorter; it is taken. Anything else is left to a person.
 */
const takeLonger = async (root: string, run: (...args: string[]) => Promise<Ran>, path: string): Promise<boolean> => {
  const [ours, theirs] = await Promise.all([run("show", `:2:${path}`), run("show", `:3:${path}`)]);
  if (ours.code !== 0 || theirs.code !== 0) return false;
  const [short, long] = ours.out.length <= theirs.out.length ? [ours.out, theirs.out] : [theirs.out, ours.out];
  if (!long.startsWith(short)) return false;
  writeFileSync(join(root, path), long);
  return (await run("add", "--", path)).code === 0;
};

export interface SyncResult {
  readonly committed: boolean;
  readonly pulled: boolean;
  readonly pushed: boolean;
  readonly remote: string;
  readonly branch: string;
  /** events a merge made inapplicable, now in the log (see `log --conflicts`) */
  readonly conflicts: number;
}

export const sync = async (ctx: Ctx, o: { remote?: string; branch?: string; push: boolean; message?: string }): Promise<SyncResult> => {
  const ws = requireWorkspace(ctx);
  const root = ws.root;
  const run = (...args: string[]) => git(root, ctx.env, ...args);
  const inRepo = await run("rev-parse", "--is-inside-work-tree");
  if (inRepo.code !== 0) throw new InvalidInput({ condition: "NotAGitRepository", message: `${root} is not a git repository; maestro sync shares state through git (git init, then add a remote)` });
  const current = (await run("branch", "--show-current")).out.trim();
  const upstream = await run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}");
  const [upRemote, ...upBranch] = upstream.code === 0 ? upstream.out.trim().split("/") : [];
  const remote = o.remote ?? upRemote ?? "origin";
  const branch = o.branch ?? (upBranch.length ? upBranch.join("/") : current);
  if (!branch) throw new InvalidInput({ condition: "UsageError", message: "HEAD is detached; check out a branch or pass --branch <name>" });
  // (both go to git as arguments: one that starts with "-" would be read as an option)
  if (remote.startsWith("-") || (await run("check-ref-format", "--branch", branch)).code !== 0 || branch.startsWith("-"))
    throw new InvalidInput({ condition: "InvalidValue", message: remote.startsWith("-") ? `--remote ${JSON.stringify(remote)} is no remote name` : `--branch ${JSON.stringify(branch)} is no branch name (see git check-ref-format)` });
  if ((await run("remote", "get-url", remote)).code !== 0)
    throw new NotFound({ condition: "RemoteNotFound", message: `no git remote "${remote}"; add one (git remote add ${remote} <url>) or pass --remote <name>` });
  if ((await run("rev-parse", "-q", "--verify", "MERGE_HEAD")).code === 0)
    throw new Conflict({ condition: "MergeInProgress", message: "a merge is in progress; finish it (resolve, git commit) or abort it (git merge --abort), then sync again" });

  // the .maestro/ changes alone: staged code stays staged, out of this commit
  const dir = relative(root, ws.dir) || ".maestro";
  const add = await run("add", "-A", "--", dir);
  if (add.code !== 0) throw new InvalidInput({ condition: "GitFailed", message: `git add ${dir} failed: ${add.err.trim()}` });
  const changed = (await run("diff", "--cached", "--quiet", "--", dir)).code !== 0;
  if (changed) {
    const c = await run("commit", "-q", "--only", "-m", o.message ?? "maestro: sync state", "--", dir);
    if (c.code !== 0) throw new InvalidInput({ condition: "GitFailed", message: `git commit of ${dir} failed: ${(c.err || c.out).trim()}` });
  }

  const knownConflicts = new Set((await listConflicts(ctx)).map((c) => c.id));
  const remoteHas = (await run("ls-remote", "--exit-code", "--heads", remote, branch)).code === 0;
  let pulled = false;
  if (remoteHas) {
    const p = await run("pull", "--no-rebase", "--no-edit", remote, branch);
    if (p.code !== 0) {
      const listed = (await run("diff", "--name-only", "--diff-filter=U")).out.trim().split("\n").filter(Boolean);
      const unmerged: string[] = [];
      for (const f of listed) if (!(f.startsWith(`${dir}/`) && f.endsWith(".jsonl") && (await takeLonger(root, run, f)))) unmerged.push(f);
      if (listed.length > 0 && unmerged.length === 0) {
        const c = await run("commit", "-q", "--no-edit");
        if (c.code !== 0) throw new Conflict({ condition: "MergeConflict", message: `git commit of the merge failed: ${(c.err || c.out).trim().split("\n")[0]}` });
      }
      const ours = unmerged.filter((f) => f === dir || f.startsWith(`${dir}/`));
      if (ours.length)
        throw new Conflict({ condition: "MergeConflict", message: `the merge stopped on conflicts in maestro state (${ours.join(", ")}): a segment two clones both wrote (a copied checkout?); run \`maestro doctor\`, resolve with git, then sync again` });
      if (unmerged.length)
        throw new Conflict({ condition: "MergeConflict", message: `the merge stopped on conflicts in ${unmerged.join(", ")} (code, not maestro state); resolve them and git commit, then sync again` });
      if (listed.length === 0) throw new Conflict({ condition: "MergeConflict", message: `git pull ${remote} ${branch} failed: ${(p.err || p.out).trim().split("\n")[0]}` });
    }
    pulled = true;
  }
  const bad = (await verifyAll(ctx)).filter((r) => !r.ok);
  if (bad.length) throw new Conflict({ condition: "HistoryDiverged", message: `after the pull, ${bad[0]!.stream} does not verify (${relative(root, bad[0]!.problem!.file)}:${bad[0]!.problem!.line}: ${bad[0]!.problem!.reason}); nothing was pushed; see \`maestro doctor\`` });

  let pushed = false;
  if (o.push) {
    const p = await run("push", remote, `HEAD:${branch}`);
    if (p.code !== 0)
      throw new Conflict({ condition: "PushRejected", message: /rejected|fetch first|non-fast-forward/.test(p.err) ? `the push to ${remote} ${branch} was rejected (someone pushed meanwhile); run maestro sync again` : `git push ${remote} ${branch} failed: ${p.err.trim().split("\n")[0]}` });
    pushed = true;
  }
  const conflicts = await listConflicts(ctx);
  // the merge's new conflicts are told to whoever they concern (their writer is named in each)
  for (const c of conflicts) if (!knownConflicts.has(c.id)) await notify(ctx, "conflict", { conflict: c });
  return { committed: changed, pulled, pushed, remote, branch, conflicts: conflicts.length };
};
