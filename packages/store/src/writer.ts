// Which segment this clone appends to. A segment is born untracked under a fresh random name
// and is appended to only while git's index has not changed since this clone last wrote it;
// any change of the index (an add, a commit, a reset, a stash) starts a new segment, so a file
// git may have recorded in any commit or index is never appended to again, and any merge,
// rebase, cherry-pick or squash only ever meets distinct new files. The index is held still
// while the append is written by taking git's own `index.lock` (git waits for nobody, so this
// is held for one write); when git holds it, the append starts a new segment instead. The
// replica id is tied to the `.maestro/` folder's device and inode, so a copied checkout (cp -r,
// rsync, a CI cache) gets an id, and segments, of its own. All of it is per clone and
// git-ignored (`.maestro/.local/`).
import { execFileSync } from "node:child_process";
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { SegmentWriter } from "./segments.js";
import { SEGMENT_EXT } from "./segments.js";

interface WriterState {
  readonly segment: string;
  /** the index's stat when this clone last wrote the segment */
  readonly index: string;
  /** the replica that wrote it (a copied checkout's writer state is not its own) */
  readonly replica?: string;
}

export interface Picked {
  readonly name: string;
  /** records the pick; called just before the append is written */
  readonly commit: () => void;
  /** lets git have its index again: called once the append is written (or failed) */
  readonly release: () => void;
}

/** The git dir of the checkout at `root` (a worktree's or submodule's `.git` file points at its git dir). */
const gitDirOf = (root: string): string | undefined => {
  const dotGit = join(root, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotGit, "utf8"));
    return m?.[1] ? resolve(root, m[1].trim()) : undefined;
  } catch {
    return undefined;
  }
};

const statKey = (path: string): string => {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.ino}:${s.size}:${s.mtimeNs}`;
  } catch {
    return "no-index";
  }
};

const readState = (file: string): WriterState | undefined => {
  try {
    const s = JSON.parse(readFileSync(file, "utf8")) as WriterState;
    return typeof s.segment === "string" && typeof s.index === "string" ? s : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Takes git's index lock, as git does (created exclusively), so no git command records a file
 * while an append is written to it. Undefined when git holds it now (or there is no index).
 */
const holdIndex = (gitDir: string): (() => void) | undefined => {
  const lock = join(gitDir, "index.lock");
  try {
    closeSync(openSync(lock, "wx"));
  } catch {
    return undefined;
  }
  return () => rmSync(lock, { force: true });
};

/** The files under `paths` git tracks in the checkout at root, as absolute paths. */
export const trackedFiles = (root: string, paths: readonly string[]): Set<string> => {
  try {
    const out = execFileSync("git", ["ls-files", "-z", "--", ...paths.map((p) => relative(root, p))], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return new Set(out.split("\0").filter(Boolean).map((p) => resolve(root, p)));
  } catch {
    return new Set();
  }
};

/** Whether the writer's git tracks a file, in its index (a fixed writer has no git). */
export const isTracked = (writer: SegmentWriter, path: string): boolean => !("fixed" in writer) && trackedFiles(writer.gitRoot, [path]).has(resolve(path));

/** The identity of the folder holding `.local/`: a copy of the checkout has another. */
const folderIdOf = (dir: string): string => {
  const st = statSync(dir, { bigint: true });
  return `${st.dev}:${st.ino}`;
};

/** This clone's replica id (`<id> <dev>:<ino>`), made at its first write and again in a copy of the checkout. */
export const replicaOf = (replicaFile: string, randomName: () => string): string => {
  const local = dirname(replicaFile);
  const home = dirname(local);
  const folder = folderIdOf(home);
  try {
    const [id, at] = readFileSync(replicaFile, "utf8").trim().split(" ");
    if (id && /^[a-z0-9]{4,32}$/.test(id) && at === folder) return id;
    // (a file without its folder's id is from before it was recorded: this clone's)
    if (id && /^[a-z0-9]{4,32}$/.test(id) && at === undefined) return writeReplica(replicaFile, id, folder);
  } catch {
    // first write of this clone
  }
  mkdirSync(local, { recursive: true });
  ensureLine(home, ".gitignore", `${relative(home, local)}/`);
  ensureLine(home, ".gitattributes", GIT_ATTRIBUTES);
  return writeReplica(replicaFile, randomName(), folder);
};

const writeReplica = (file: string, id: string, folder: string) => {
  writeFileSync(file, `${id} ${folder}\n`);
  return id;
};

/** Segments are bytes, never text to git: no line-ending conversion (core.autocrlf), no textual merge. */
export const GIT_ATTRIBUTES = "*.jsonl -text";

/** Adds a line to `<dir>/<name>` unless it is there (a workspace made before it existed). */
export const ensureLine = (dir: string, name: string, entry: string) => {
  const file = join(dir, name);
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (!text.split(/\r?\n/).includes(entry)) appendFileSync(file, `${text && !text.endsWith("\n") ? "\n" : ""}${entry}\n`);
};

/** The segment the next append goes to. Called under the stream's lock; `release` the pick once written. */
export const pickSegment = (dir: string, writer: SegmentWriter, randomName: () => string): Picked => {
  const none = () => undefined;
  if ("fixed" in writer) return { name: writer.fixed, commit: none, release: none };
  const replica = replicaOf(writer.replicaFile, randomName);
  const gitDir = gitDirOf(writer.gitRoot);
  const release = gitDir ? holdIndex(gitDir) : none;
  const index = gitDir ? statKey(join(gitDir, "index")) : "no-git";
  const state = readState(writer.stateFile);
  const save = (segment: string) => () => {
    mkdirSync(dirname(writer.stateFile), { recursive: true });
    writeFileSync(writer.stateFile, JSON.stringify({ segment, index, replica } satisfies WriterState));
  };
  if (release && state && state.replica === replica && state.index === index && existsSync(join(dir, state.segment))) return { name: state.segment, commit: none, release };
  const name = `${replica}-${randomName()}${SEGMENT_EXT}`;
  return { name, commit: save(name), release: release ?? none };
};
