// Reads a .mission.tar.gz as a stream, checking the archive before anyone trusts it: gzip,
// entry types and names, duplicates, sizes (per entry and in total, counted after gunzip),
// the manifest's format, each file's size and sha256. It extracts into `extractTo` (a fresh
// folder of the caller's), only regular files with safe names; the caller then checks the
// mission's segments with the store's own reader before anything moves into place.
import { createHash } from "node:crypto";
import { closeSync, createReadStream, createWriteStream, mkdirSync, openSync, readSync } from "node:fs";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import * as Either from "effect/Either";
import * as Schema from "effect/Schema";
import tar from "tar-stream";
import { formatParseError } from "@maestro/core/schema-codec";
import { InvalidInput } from "@maestro/core/errors";
import { BUNDLE_FORMATS, Manifest, unsafeName, type Limits } from "./manifest.js";

const bad = (path: string, why: string) => new InvalidInput({ condition: "InvalidFile", message: `bundle ${path}: ${why}; nothing was written` });
const decodeManifest = Schema.decodeUnknownEither(Schema.parseJson(Manifest));

export const readBundle = async (path: string, limits: Limits, extractTo: string): Promise<Manifest> => {
  // gzip starts with 1f 8b: say "not a gzip file" rather than a zlib error
  const head = Buffer.alloc(2);
  try {
    const fd = openSync(path, "r");
    readSync(fd, head, 0, 2, 0);
    closeSync(fd);
  } catch (e) {
    throw new InvalidInput({ condition: "InvalidFile", message: `cannot read bundle ${path}: ${(e as NodeJS.ErrnoException).code ?? e}` });
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) throw bad(path, "not a gzip file (expected a .mission.tar.gz)");

  const where = (m: string) => bad(path, m);
  const seen = new Set<string>();
  let manifest: Manifest | undefined;
  let total = 0;
  const input = createReadStream(path);
  const gunzip = createGunzip();
  const extract = tar.extract();
  let abort: (e: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolvePromise, reject) => {
    let failed = false;
    abort = (e) => {
      if (failed) return;
      failed = true;
      reject(e);
      input.destroy();
      gunzip.destroy();
      extract.destroy();
    };
    input.on("error", abort);
    gunzip.on("error", abort);
    extract.on("error", abort);
    extract.on("finish", () => resolvePromise());
  });
  extract.on("entry", (header, stream, next) => {
    const fail = (e: unknown) => {
      stream.resume();
      abort(e);
    };
    const name = header.name;
    const why = unsafeName(name);
    if (why) return fail(where(`entry ${JSON.stringify(name)} ${why}`));
    if (header.type !== "file") return fail(where(`entry ${name} is a ${header.type}; only regular files are allowed`));
    if (seen.has(name)) return fail(where(`entry ${name} appears twice`));
    seen.add(name);
    const size = header.size ?? 0;
    if (size > limits.maxEntryBytes) return fail(where(`entry ${name} is ${size} bytes, over the ${limits.maxEntryBytes}-byte limit`));
    total += size;
    if (total > limits.maxTotalBytes) return fail(where(`entries total more than the ${limits.maxTotalBytes}-byte limit`));

    if (!manifest) {
      if (name !== "manifest.json") return fail(where(`the first entry is ${name}, not manifest.json`));
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => chunks.push(c as Buffer));
      stream.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const format = (() => {
          try {
            return (JSON.parse(text) as { format?: unknown }).format;
          } catch {
            return undefined;
          }
        })();
        if (format !== undefined && !BUNDLE_FORMATS.includes(format as never)) return fail(where(`manifest format ${JSON.stringify(format)} is not one this maestro reads (${BUNDLE_FORMATS.join(", ")})`));
        const m = decodeManifest(text);
        if (Either.isLeft(m)) return fail(where(`manifest.json: ${formatParseError(m.left)}`));
        for (const f of m.right.files) {
          const u = unsafeName(f.path);
          if (u) return fail(where(`manifest lists ${JSON.stringify(f.path)}, which ${u}`));
        }
        manifest = m.right;
        next();
      });
      stream.on("error", fail);
      return;
    }
    const listed = manifest.files.find((f) => f.path === name);
    if (!listed) return fail(where(`entry ${name} is not listed in the manifest`));
    const hash = createHash("sha256");
    let got = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        got += chunk.length;
        hash.update(chunk);
        if (got > listed.size) return cb(where(`entry ${name} is larger than the ${listed.size} bytes the manifest says`));
        cb(null, chunk);
      },
    });
    const target = join(extractTo, name);
    mkdirSync(dirname(target), { recursive: true });
    const sink = createWriteStream(target);
    pipeline(stream, meter, sink)
      .then(() => {
        if (got !== listed.size) throw where(`entry ${name} is ${got} bytes, the manifest says ${listed.size}`);
        if (hash.digest("hex") !== listed.sha256) throw where(`entry ${name} does not match its sha256 in the manifest`);
        next();
      })
      .catch(fail);
  });
  input.pipe(gunzip).pipe(extract);
  try {
    await finished;
  } catch (e) {
    if (e instanceof InvalidInput) throw e;
    const msg = (e as Error).message ?? String(e);
    throw where(/unexpected end|incorrect header|invalid|unexpected/i.test(msg) ? `truncated or corrupt archive (${msg})` : msg);
  }
  if (!manifest) throw where("it has no manifest.json");
  const missing = manifest.files.filter((f) => !seen.has(f.path)).map((f) => f.path);
  if (missing.length) throw where(`listed but missing: ${missing.join(", ")}`);
  return manifest;
};
