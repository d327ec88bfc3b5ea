// Views: a small answer derived from a stream's state (the top of the ready queue), saved with
// the fold point it was computed at. A view is used only while the stream's files are exactly
// what that fold read (the same files, each the same length and last line), so a read can
// answer without loading the state; the writer that moves the log saves it again. Like the
// snapshot cache, it is disposable.
import { readFileSync, statSync } from "node:fs";
import { CACHE_FORMAT, hashesOf, lineEndsAt, writeDerived } from "./cache.js";
import { sourceFiles } from "./segments.js";
import type { FileMark, FoldPoint } from "./stream.js";

/** Where a stream's files ended once a fold or an append was done: what its state is the fold of. */
export interface LogPosition {
  readonly seq: number;
  readonly files: Readonly<Record<string, FileMark>>;
}

export const positionOf = (f: Pick<FoldPoint<unknown>, "seq" | "files">): LogPosition => ({ seq: f.seq, files: f.files });

/** The view saved at `path` if the stream still ends where it was computed; `key` names what it holds. */
export const readView = <V>(path: string, stream: { dir: string; legacy?: string }, key: string): V | undefined => {
  try {
    const entry = JSON.parse(readFileSync(path, "latin1")) as { format: number; key: string; files: Record<string, FileMark>; hashes: Record<string, string>; value: V };
    if (entry.format !== CACHE_FORMAT || entry.key !== key) return undefined;
    const files = sourceFiles(stream);
    if (files.length !== Object.keys(entry.files).length) return undefined;
    for (const f of files) {
      const mark = entry.files[f.path];
      if (!mark || statSync(f.path).size !== mark.offset || !lineEndsAt(f.path, mark, entry.hashes[f.path] ?? "")) return undefined;
    }
    return entry.value;
  } catch {
    return undefined;
  }
};

export const writeView = (path: string, key: string, at: LogPosition, value: unknown): void => {
  if (at.seq === 0) return;
  const hashes = hashesOf(at.files);
  if (hashes) writeDerived(path, { format: CACHE_FORMAT, key, seq: at.seq, files: at.files, hashes, value });
};
