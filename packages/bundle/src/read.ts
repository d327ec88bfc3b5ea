// Reads a .mission.tar.gz as a stream, checking everything before anyone trusts it: gzip,
// entry types and names, duplicates, sizes (per entry and in total, counted after gunzip),
// the manifest's format, each file's size and sha256, and the mission's event chain. Nothing
// is extracted unless `extractTo` is given, and then only regular files with safe names.
import { createHash } from "node:crypto";
import { closeSync, createReadStream, createWriteStream, mkdirSync, openSync, readSync } from "node:fs";
import { dirname, join } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import * as Either from "effect/Either";
import * as Schema from "effect/Schema";
import tar from "tar-stream";
import { parseEnvelope } from "@maestro/core/codec";
import { draftOf, type Recorded } from "@maestro/core/envelope";
import { formatParseError } from "@maestro/core/schema-codec";
import { InvalidInput } from "@maestro/core/errors";
import type { MissionEvent } from "@maestro/core/mission/events";
import { missionStream } from "@maestro/core/mission/queries";
import type { MissionState } from "@maestro/core/mission/state";
import { BUNDLE_FORMAT, Manifest, unsafeName, type Limits } from "./manifest.js";

export interface BundleContents {
  readonly manifest: Manifest;
  /** the mission folded from the archive's events */
  readonly state: MissionState;
  readonly lastEvents: readonly Recorded<MissionEvent>[];
}

const bad = (path: string, why: string) => new InvalidInput({ message: `bundle ${path}: ${why}; nothing was written` });
const decodeManifest = Schema.decodeUnknownEither(Schema.parseJson(Manifest));

/** Checks the chain of events.jsonl as its bytes stream by, and folds the mission. */
const chainChecker = (where: (m: string) => InvalidInput) => {
  let carry = "";
  let seq = 0;
  let prev = "";
  // the fold's own copy, which evolve works on in place
  let state = draftOf(missionStream, missionStream.initial);
  const last: Recorded<MissionEvent>[] = [];
  const line = (text: string) => {
    const n = seq + 1;
    const r = Either.flatMap(parseEnvelope(text), (env) => {
      if (env.seq !== n) return Either.left(`seq ${env.seq} where ${n} was expected`);
      if (env.prev !== prev) return Either.left("prev hash does not match the line before");
      return missionStream.codec.decode(env);
    });
    if (Either.isLeft(r)) throw where(`events.jsonl line ${n}: ${r.left}`);
    state = missionStream.evolve(state, r.right);
    last.push(r.right);
    if (last.length > 5) last.shift();
    prev = createHash("sha256").update(text).digest("hex");
    seq = n;
  };
  return {
    push: (chunk: Buffer) => {
      const parts = (carry + chunk.toString("utf8")).split("\n");
      carry = parts.pop()!;
      for (const p of parts) line(p);
    },
    end: () => {
      if (carry) throw where("events.jsonl ends without a newline (a torn line)");
      return { seq, head: prev, state, last };
    },
  };
};

export const readBundle = async (path: string, limits: Limits, extractTo?: string): Promise<BundleContents> => {
  // the whole codec up front: the check runs as files are extracted, and must not stop halfway
  await missionStream.codec.load();
  // gzip starts with 1f 8b: say "not a gzip file" rather than a zlib error
  const head = Buffer.alloc(2);
  try {
    const fd = openSync(path, "r");
    readSync(fd, head, 0, 2, 0);
    closeSync(fd);
  } catch (e) {
    throw new InvalidInput({ message: `cannot read bundle ${path}: ${(e as NodeJS.ErrnoException).code ?? e}` });
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) throw bad(path, "not a gzip file (expected a .mission.tar.gz)");

  const where = (m: string) => bad(path, m);
  const seen = new Set<string>();
  let manifest: Manifest | undefined;
  let total = 0;
  let chain: ReturnType<ReturnType<typeof chainChecker>["end"]> | undefined;
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
        if (format !== undefined && format !== BUNDLE_FORMAT) return fail(where(`manifest format ${JSON.stringify(format)} is not one this maestro reads (${BUNDLE_FORMAT})`));
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
    const checker = name === "events.jsonl" ? chainChecker(where) : undefined;
    // a chain error is reported after the size and sha256 checks, which explain more
    let chainError: unknown;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        got += chunk.length;
        hash.update(chunk);
        if (got > listed.size) return cb(where(`entry ${name} is larger than the ${listed.size} bytes the manifest says`));
        try {
          if (chainError === undefined) checker?.push(chunk);
        } catch (e) {
          chainError = e;
        }
        cb(null, chunk);
      },
    });
    const sink = extractTo
      ? (() => {
          const target = join(extractTo, name);
          mkdirSync(dirname(target), { recursive: true });
          return createWriteStream(target);
        })()
      : new Transform({ transform: (_c, _e, cb) => cb() }).resume();
    pipeline(stream, meter, sink)
      .then(() => {
        if (got !== listed.size) throw where(`entry ${name} is ${got} bytes, the manifest says ${listed.size}`);
        if (hash.digest("hex") !== listed.sha256) throw where(`entry ${name} does not match its sha256 in the manifest`);
        if (chainError !== undefined) throw chainError;
        if (checker) chain = checker.end();
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
  if (!chain) throw where("it has no events.jsonl");
  if (chain.seq !== manifest.eventCount || chain.seq !== manifest.exportedSeq) throw where(`events.jsonl has ${chain.seq} events, the manifest says ${manifest.eventCount}`);
  if (chain.head !== manifest.headHash) throw where("the event chain's head does not match the manifest's headHash");
  if (chain.state.domain?.mission.id !== manifest.missionId) throw where(`the events are of mission ${chain.state.domain?.mission.id ?? "(none)"}, the manifest says ${manifest.missionId}`);
  return { manifest, state: chain.state, lastEvents: chain.last };
};
