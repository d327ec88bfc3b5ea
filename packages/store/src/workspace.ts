// Finds the workspace (the directory holding `.maestro/`) and names every stream's folder.
// A git worktree resolves to its main checkout through git's common dir, also when it holds a
// checked-out copy of a committed `.maestro/` (left untouched), so every worktree of a repo
// shares one state instead of forking a copy.
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { NewEvent, StreamKind } from "@maestro/core/envelope";
import type { StreamRef } from "./segments.js";

export const MAESTRO_DIR = ".maestro";

export interface Workspace {
  /** the project directory that holds `.maestro/` */
  readonly root: string;
  readonly dir: string;
}

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** For a worktree's `.git` file (`gitdir: ...`), the main checkout's directory. */
const mainCheckoutOf = (dotGitFile: string): string | undefined => {
  const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotGitFile, "utf8"));
  if (!m?.[1]) return undefined;
  const gitdir = resolve(dirname(dotGitFile), m[1].trim());
  const commondirFile = join(gitdir, "commondir");
  if (!existsSync(commondirFile)) return undefined;
  const common = resolve(gitdir, readFileSync(commondirFile, "utf8").trim());
  return common.endsWith(".git") ? dirname(common) : undefined;
};

/** The project root a `.maestro/` belongs in: a worktree maps to its main checkout. */
export const projectRootOf = (cwd: string): string => {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    if (existsSync(dotGit)) return isDir(dotGit) ? dir : (mainCheckoutOf(dotGit) ?? dir);
    if (dirname(dir) === dir) return resolve(cwd);
  }
};

/** Walks up from cwd to the nearest `.maestro/`; a worktree maps to its main checkout's first. */
export const findWorkspace = (cwd: string): Workspace | undefined => {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const dotGit = join(dir, ".git");
    if (existsSync(dotGit) && !isDir(dotGit)) {
      const main = mainCheckoutOf(dotGit);
      if (main && isDir(join(main, MAESTRO_DIR))) return { root: main, dir: join(main, MAESTRO_DIR) };
    }
    if (isDir(join(dir, MAESTRO_DIR))) return { root: dir, dir: join(dir, MAESTRO_DIR) };
    if (dirname(dir) === dir) return undefined;
  }
};

export const maestroHome = (env: NodeJS.ProcessEnv = process.env): string => {
  const h = env["MAESTRO_HOME"];
  return h && isAbsolute(h) ? h : h ? resolve(h) : join(homedir(), ".maestro");
};

export const streamPaths = (ws: Workspace) => ({
  missionsDir: join(ws.dir, "missions"),
  mission: (id: string) => join(ws.dir, "missions", id),
  tasks: join(ws.dir, "tasks"),
  principles: join(ws.dir, "principles"),
  /** where principles lived before streams were folders: still read */
  principlesLegacy: join(ws.dir, "principles.jsonl"),
  memory: join(ws.dir, "memory"),
  cacheDir: join(ws.dir, ".cache"),
  /** this clone's own state (replica id, writers, locks): never committed */
  localDir: join(ws.dir, LOCAL_DIR),
});

export const LOCAL_DIR = ".local";

/** A stream of the workspace: its folder, cache, lock and this clone's writer, named by `key`. */
export const workspaceStream = <S, E extends NewEvent>(
  ws: Workspace,
  kind: StreamKind<S, E>,
  o: { readonly key: string; readonly dir: string; readonly label: string; readonly legacy?: string; readonly cache?: boolean },
): StreamRef<S, E> => {
  const local = streamPaths(ws).localDir;
  return {
    kind,
    dir: o.dir,
    label: o.label,
    ...(o.legacy ? { legacy: o.legacy } : {}),
    ...(o.cache ? { cachePath: join(streamPaths(ws).cacheDir, `${o.key}.json`) } : {}),
    lockPath: join(local, "locks", `${o.key}.lock`),
    writer: { stateFile: join(local, "writers", `${o.key}.json`), replicaFile: join(local, "replica"), gitRoot: ws.root },
  };
};
