// Writes a .mission.tar.gz: streaming, deterministic (sorted entries, fixed mtime and modes,
// gzip without a timestamp), manifest first. Files are hashed in a first pass so the manifest
// can lead; nothing is held in memory whole.
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, openSync, renameSync, rmSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import tar from "tar-stream";
import type { Manifest, ManifestFile } from "./manifest.js";

export interface SourceFile {
  /** name inside the archive */
  readonly path: string;
  readonly source: string;
  /** bytes [0, end) of the source; the whole file when absent */
  readonly end?: number;
  readonly size: number;
}

const MTIME = new Date(0);

const hashOf = async (f: SourceFile): Promise<ManifestFile> => {
  const h = createHash("sha256");
  let size = 0;
  if (f.size > 0) {
    for await (const chunk of createReadStream(f.source, f.end !== undefined ? { end: f.end - 1 } : {})) {
      h.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  }
  return { path: f.path, size, sha256: h.digest("hex") };
};

export const writeBundle = async (out: string, base: Omit<Manifest, "files">, sources: readonly SourceFile[]): Promise<Manifest> => {
  const sorted = [...sources].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const files: ManifestFile[] = [];
  for (const f of sorted) files.push(await hashOf(f));
  const manifest: Manifest = { ...base, files };
  const pack = tar.pack();
  const tmp = `${out}.${process.pid}.tmp`;
  // opened here, so a path that cannot be written is an error now, not a stream's unhandled one
  const done = pipeline(pack, createGzip({ level: 6 }), createWriteStream(tmp, { fd: openSync(tmp, "w") }));
  done.catch(() => undefined);
  const entry = (name: string, size: number) => ({ name, size, mtime: MTIME, mode: 0o644, uid: 0, gid: 0, uname: "", gname: "", type: "file" as const });
  const json = Buffer.from(JSON.stringify(manifest, null, 2) + "\n");
  await new Promise<void>((res, rej) => pack.entry(entry("manifest.json", json.length), json, (e) => (e ? rej(e) : res())));
  for (const [i, f] of sorted.entries()) {
    const size = files[i]!.size;
    await new Promise<void>((res, rej) => {
      const sink = pack.entry(entry(f.path, size), (e) => (e ? rej(e) : res()));
      if (size === 0) return void sink.end(Buffer.alloc(0));
      createReadStream(f.source, f.end !== undefined ? { end: f.end - 1 } : {}).on("error", rej).pipe(sink);
    });
  }
  pack.finalize();
  try {
    await done;
    renameSync(tmp, out);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  return manifest;
};
