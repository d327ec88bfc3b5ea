// Which segment this clone appends to. A segment is born untracked under a fresh random name
// and stays this clone's until git tracks it (in the index or a commit); from then on it is
// immutable and the next event starts a new segment. Files git has seen therefore never
// change, and any merge, rebase, cherry-pick or squash only ever meets distinct new files.
// Whether git tracks the segment is asked (`git ls-files`) only when the main checkout's index
// has changed since the last answer, so most appends spawn nothing. The writer's state is
// per clone and git-ignored (`.maestro/.local/`).
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { SegmentWriter } from "./segments.js";
import { SEGMENT_EXT } from "./segments.js";

interface WriterState {
  readonly segment: string;
  /** the index's stat when the segment was last known untracked */
  readonly index: string;
}

export interface Picked {
  readonly name: string;
  /** records the pick once the append is written */
  readonly commit: () => void;
}

/** The git index of the checkout at `root` (a worktree's or submodule's `.git` file points at its git dir). */
const indexPathOf = (root: string): string | undefined => {
  const dotGit = join(root, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return join(dotGit, "index");
    const m = /^gitdir:\s*(.+)\s*$/m.exec(readFileSync(dotGit, "utf8"));
    return m?.[1] ? resolve(root, m[1].trim(), "index") : undefined;
  } catch {
    return undefined;
  }
};

const statKey = (path: string | undefined): string => {
  if (!path) return "no-git";
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

/** The files under `paths` git tracks in the checkout at root, as absolute paths. */
export const trackedFiles = (root: string, paths: readonly string[]): Set<string> => {
  try {
    const out = execFileSync("git", ["ls-files", "-z", "--", ...paths.map((p) => relative(root, p))], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return new Set(out.split("\0").filter(Boolean).map((p) => resolve(root, p)));
  } catch {
    return new Set();
  }
};

/** Whether git tracks the file (is it in the index of the checkout at root). */
export const gitTracks = (root: string, path: string): boolean => trackedFiles(root, [path]).has(resolve(path));

/** Whether the writer's git tracks a file (a fixed writer has no git). */
export const isTracked = (writer: SegmentWriter, path: string): boolean => !("fixed" in writer) && gitTracks(writer.gitRoot, path);

/** This clone's replica id, made at its first write; `.local/` is kept out of git. */
const replicaOf = (replicaFile: string, randomName: () => string): string => {
  try {
    const id = readFileSync(replicaFile, "utf8").trim();
    if (/^[a-z0-9]{4,32}$/.test(id)) return id;
  } catch {
    // first write of this clone
  }
  const id = randomName();
  const local = dirname(replicaFile);
  mkdirSync(local, { recursive: true });
  writeFileSync(replicaFile, `${id}\n`);
  ensureIgnored(dirname(local), `${relative(dirname(local), local)}/`);
  return id;
};

/** Adds `entry` to `<dir>/.gitignore` unless it is there (a workspace made before it existed). */
const ensureIgnored = (dir: string, entry: string) => {
  const file = join(dir, ".gitignore");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  if (!text.split("\n").includes(entry)) appendFileSync(file, `${text && !text.endsWith("\n") ? "\n" : ""}${entry}\n`);
};

/** The segment the next append goes to. Called under the stream's lock. */
export const pickSegment = (dir: string, writer: SegmentWriter, randomName: () => string): Picked => {
  if ("fixed" in writer) return { name: writer.fixed, commit: () => undefined };
  const index = statKey(indexPathOf(writer.gitRoot));
  const state = readState(writer.stateFile);
  const save = (segment: string) => () => {
    mkdirSync(dirname(writer.stateFile), { recursive: true });
    writeFileSync(writer.stateFile, JSON.stringify({ segment, index } satisfies WriterState));
  };
  if (state && existsSync(join(dir, state.segment))) {
    if (state.index === index) return { name: state.segment, commit: () => undefined };
    if (!gitTracks(writer.gitRoot, join(dir, state.segment))) return { name: state.segment, commit: save(state.segment) };
  }
  const name = `${replicaOf(writer.replicaFile, randomName)}-${randomName()}${SEGMENT_EXT}`;
  return { name, commit: save(name) };
};
