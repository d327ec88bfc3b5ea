// Regenerates fixtures/bundles/: one valid bundle made from fixtures/logs/mission-v1.jsonl
// and crafted bad ones, one per refusal `bundle import` must make. Review the diff.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, "fixtures/bundles");
const log = readFileSync(join(root, "fixtures/logs/mission-v1.jsonl"));
const lines = log.toString().trimEnd().split("\n");
const first = JSON.parse(lines[0]);
const last = JSON.parse(lines.at(-1));
const sha = (b) => createHash("sha256").update(b).digest("hex");

const manifestFor = (files, over = {}) => ({
  format: 2,
  missionId: first.data.missionId,
  title: first.data.title,
  status: "executing",
  eventCount: lines.length,
  heads: { "events.jsonl": { seq: lines.length, hash: sha(lines.at(-1)) } },
  createdAt: last.at,
  createdBy: "fixture",
  maestroVersion: "0.1.0",
  files: files.map(([path, body]) => ({ path, size: body.length, sha256: sha(body) })),
  ...over,
});

/** entries: [{ name, body?, type?, linkname?, size? }] in order; manifest first unless told otherwise. */
const archive = async (entries) => {
  const pack = tar.pack();
  const chunks = [];
  pack.on("data", (c) => chunks.push(c));
  const ended = new Promise((r) => pack.on("end", r));
  for (const e of entries) {
    await new Promise((res, rej) => {
      const header = { name: e.name, mtime: new Date(0), mode: 0o644, type: e.type ?? "file", ...(e.linkname ? { linkname: e.linkname } : {}), ...(e.type && e.type !== "file" ? { size: 0 } : { size: e.body.length }) };
      if (e.type && e.type !== "file") pack.entry(header, (err) => (err ? rej(err) : res()));
      else pack.entry(header, e.body, (err) => (err ? rej(err) : res()));
    });
  }
  pack.finalize();
  await ended;
  return gzipSync(Buffer.concat(chunks));
};

const mf = (m) => ({ name: "manifest.json", body: Buffer.from(JSON.stringify(m, null, 2)) });
const ev = { name: "events.jsonl", body: log };
const ok = manifestFor([["events.jsonl", log]]);
const write = async (name, entries) => writeFileSync(join(out, `${name}.mission.tar.gz`), await archive(entries));

await write("valid", [mf(ok), ev]);
const extra = Buffer.from("hello\n");
await write("absolute-path", [mf(manifestFor([["events.jsonl", log], ["/tmp/evil", extra]])), ev, { name: "/tmp/evil", body: extra }]);
await write("dotdot", [mf(manifestFor([["events.jsonl", log], ["../evil", extra]])), ev, { name: "../evil", body: extra }]);
await write("symlink", [mf(ok), ev, { name: "link", type: "symlink", linkname: "/etc/passwd" }]);
await write("hardlink", [mf(ok), ev, { name: "hard", type: "link", linkname: "events.jsonl" }]);
await write("device", [mf(ok), ev, { name: "dev", type: "character-device" }]);
await write("duplicate", [mf(ok), ev, ev]);
await write("unlisted", [mf(ok), ev, { name: "notes.txt", body: extra }]);
await write("missing", [mf(manifestFor([["events.jsonl", log], ["agents/x/prompt.md", extra]])), ev]);
const tampered = Buffer.from(log.toString().replace("Add authentication", "Add authenticatioN"));
await write("sha-mismatch", [mf(ok), { name: "events.jsonl", body: tampered }]);
const edited = lines.slice();
edited[2] = edited[2].replace('"to":"executing"', '"to":"paused"');
const brokenLog = Buffer.from(edited.join("\n") + "\n");
await write("broken-chain", [mf(manifestFor([["events.jsonl", brokenLog]])), { name: "events.jsonl", body: brokenLog }]);
await write("unknown-version", [mf({ ...ok, format: 99 }), ev]);
const valid = readFileSync(join(out, "valid.mission.tar.gz"));
writeFileSync(join(out, "truncated.mission.tar.gz"), valid.subarray(0, Math.floor(valid.length / 2)));
writeFileSync(join(out, "not-gzip.mission.tar.gz"), "this is not an archive\n");
await write("control-chars", [mf(manifestFor([["events.jsonl", log], ["bad\u0007name", extra]])), ev, { name: "bad\u0007name", body: extra }]);
// 300 MiB of zeros: over the default 256 MiB entry limit, a few hundred KiB compressed
const zeros = Buffer.alloc(300 * 2 ** 20);
await write("oversized-entry", [mf(manifestFor([["events.jsonl", log], ["big.bin", zeros]])), ev, { name: "big.bin", body: zeros }]);
console.log("fixtures/bundles regenerated");
