// Mission bundles: export a mission's history (optionally up to a seq) with its briefs and
// linked handoffs as a .mission.tar.gz: every segment, as a plain file of its lines. Inspect,
// verify and import one. Import verifies every byte before writing, extracts into a hidden temp
// dir and renames it into place; a mission that exists with a related history (a segment in
// common) gets the lines it lacks, as one compacted file. A refused archive leaves nothing behind.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import type { Recorded } from "@maestro/core/envelope";
import { Conflict, InvalidInput } from "@maestro/core/errors";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import type { MissionEvent } from "@maestro/core/mission/events";
import { featuresOf, milestonesOf, missionStream } from "@maestro/core/mission/queries";
import { BUNDLE_FORMAT, DEFAULT_LIMITS, headsOf, type Limits } from "@maestro/bundle/manifest";
import { readBundle } from "@maestro/bundle/read";
import { writeBundle, type SourceFile } from "@maestro/bundle/write";
import { segmentLines, writeCompacted, type SegmentLine } from "@maestro/store/compact";
import { withLock } from "@maestro/store/lock";
import { streamExists } from "@maestro/store/segments";
import { readStream, tailEvents, tipHash } from "@maestro/store/stream";
import { verifyStream } from "@maestro/store/verify";
import { streamPaths } from "@maestro/store/workspace";
import type { At } from "./at.js";
import type { Ctx } from "./context.js";
import { handoffsDir, listHandoffs } from "./handoffs.js";
import { runMissionCommand } from "./missions.js";
import { loadMission, missionRef, type MissionRef } from "./missions.js";
import { requireWorkspace } from "./workspace.js";

const walk = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : [])) : [];

export const exportBundle = async (ctx: Ctx, missionId: string, o: { out?: string; at?: At; includeHandoffs?: boolean; version: string }) => {
  const { ref, folded, domain, limit } = (await loadMission(ctx, missionId, o.at === undefined ? {} : { at: o.at }));
  // the last exported event names the bundle's time and actor, so the same history gives the same bytes;
  // it is read from the log's end unless --at asks for an earlier one
  let last: Recorded<MissionEvent> | undefined = o.at === undefined ? (await tailEvents(ref, 1))[0] : undefined;
  if (limit) await readStream(ref, { at: limit, collect: (e) => ((last = e), false) });
  // (`--out some/dir` puts the bundle there under its usual name)
  const named = resolve(ctx.cwd, o.out ?? `${missionId}.mission.tar.gz`);
  const out = statSync(named, { throwIfNoEntry: false })?.isDirectory() ? join(named, `${missionId}.mission.tar.gz`) : named;
  if (!statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory()) throw new InvalidInput({ condition: "InvalidValue", message: `--out ${o.out}: no such directory ${dirname(out)}` });
  const tmp = mkdtempSync(join(tmpdir(), "maestro-export-"));
  try {
    // each segment as a plain file of its lines up to the exported point (a compacted one is written out apart)
    const sources: SourceFile[] = [];
    const heads: Record<string, { seq: number; hash: string }> = {};
    let lines: ReturnType<typeof segmentLines> | undefined;
    for (const [segment, tip] of Object.entries(folded.segments)) {
      heads[segment] = { seq: tip.seq, hash: tipHash(tip) };
      if (!tip.compacted) sources.push({ path: segment, source: tip.path, end: tip.lineEnd + 1, size: tip.lineEnd + 1 });
      else {
        lines ??= segmentLines(ref);
        const file = join(tmp, segment);
        writeFileSync(file, lines.get(segment)!.slice(0, tip.seq).map((l) => `${l.text}\n`).join(""));
        sources.push({ path: segment, source: file, size: statSync(file).size });
      }
    }
    for (const f of walk(join(ref.dir, "agents"))) sources.push({ path: relative(ref.dir, f), source: f, size: statSync(f).size });
    if (o.includeHandoffs)
      for (const h of (await listHandoffs(ctx)).filter((x) => x.refs.missionId === missionId))
        for (const name of ["events.jsonl", "prompt.md", "output.log"]) {
          const f = join(handoffsDir(ctx), h.id, name);
          if (existsSync(f)) sources.push({ path: `handoffs/${h.id}/${name}`, source: f, size: statSync(f).size });
        }
    const manifest = await writeBundle(
      out,
      {
        format: BUNDLE_FORMAT,
        missionId,
        title: domain.mission.title,
        status: domain.mission.status,
        eventCount: folded.seq,
        heads,
        createdAt: last?.at ?? "",
        createdBy: ctx.actor,
        maestroVersion: o.version,
      },
      sources,
    );
    return { out, manifest, segments: Object.keys(heads).length };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
};

export const limitsOf = (o: { readonly maxEntryMb?: number | undefined; readonly maxTotalMb?: number | undefined }): Limits => ({
  maxEntryBytes: o.maxEntryMb !== undefined ? Math.floor(o.maxEntryMb * 2 ** 20) : DEFAULT_LIMITS.maxEntryBytes,
  maxTotalBytes: o.maxTotalMb !== undefined ? Math.floor(o.maxTotalMb * 2 ** 20) : DEFAULT_LIMITS.maxTotalBytes,
});

/** A bundle unpacked into `dir`, its mission checked with the store's own reader: chains, schema, heads, id. */
const unpack = async (path: string, limits: Limits, dir: string) => {
  const bad = (why: string) => new InvalidInput({ condition: "InvalidFile", message: `bundle ${path}: ${why}; nothing was written` });
  const manifest = await readBundle(path, limits, dir);
  // every line may need the Schema codec: load it before the reads
  await missionStream.codec.load();
  const ref: MissionRef = { kind: missionStream, dir, label: `bundle ${path}`, lockPath: join(dir, "stream.lock"), writer: { fixed: "events.jsonl" } };
  const v = (await verifyStream(ref));
  if (!v.ok) throw bad(`${relative(dir, v.problem!.file)} line ${v.problem!.line}: ${v.problem!.reason}`);
  if (v.torn.length) throw bad(`${relative(dir, v.torn[0]!.file)} ends without a newline (a torn line)`);
  const folded = await readStream(ref, { noCache: true });
  if (folded.seq !== manifest.eventCount) throw bad(`its segments hold ${folded.seq} events, the manifest says ${manifest.eventCount}`);
  const heads = headsOf(manifest);
  const segments = Object.keys(folded.segments).sort();
  if (segments.join() !== Object.keys(heads).sort().join()) throw bad(`its segments (${segments.join(", ")}) are not the ones the manifest names`);
  for (const [s, tip] of Object.entries(folded.segments))
    if (tip.seq !== heads[s]!.seq || tipHash(tip) !== heads[s]!.hash) throw bad(`segment ${s}'s head does not match the manifest's`);
  if (folded.state.domain?.mission.id !== manifest.missionId) throw bad(`the events are of mission ${folded.state.domain?.mission.id ?? "(none)"}, the manifest says ${manifest.missionId}`);
  return { manifest, ref, folded, domain: folded.state.domain };
};

export const inspectBundle = async (path: string, limits: Limits) => {
  const tmp = mkdtempSync(join(tmpdir(), "maestro-inspect-"));
  try {
    const { manifest, ref, domain } = await unpack(path, limits, tmp);
    const byStatus: Record<string, number> = {};
    for (const f of featuresOf(domain)) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
    return {
      manifest,
      summary: {
        segments: Object.keys(headsOf(manifest)).length,
        milestones: milestonesOf(domain).map((m) => ({ id: m.id, status: m.status })),
        featuresByStatus: byStatus,
        assertions: Object.values(domain.assertions).map((a) => ({ id: a.id, status: a.status })),
        lastEvents: (await tailEvents(ref, 5)).map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, type: e.type })),
      },
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
};

/** Copies a bundle's handoffs into $MAESTRO_HOME (a handoff already there is kept) and drops them from `dir`. */
const takeHandoffs = (ctx: Ctx, dir: string) => {
  const handoffs = join(dir, "handoffs");
  if (!existsSync(handoffs)) return;
  for (const h of readdirSync(handoffs)) {
    const dest = join(handoffsDir(ctx), h);
    if (!existsSync(dest)) cpSync(join(handoffs, h), dest, { recursive: true });
  }
  rmSync(handoffs, { recursive: true, force: true });
};

export const importBundle = async (ctx: Ctx, path: string, o: { as?: string; limits: Limits }) => {
  const ws = requireWorkspace(ctx);
  if (o.as !== undefined && !USER_ID_PATTERN.test(o.as)) throw new InvalidInput({ condition: "InvalidValue", message: `--as ${JSON.stringify(o.as)}: use 1-64 of a-z 0-9 . _ -` });
  const missions = streamPaths(ws).missionsDir;
  mkdirSync(missions, { recursive: true });
  const tmp = mkdtempSync(join(missions, ".import-"));
  try {
    const { manifest, ref: staged } = await unpack(path, o.limits, tmp);
    const id = o.as ?? manifest.missionId;
    const target = missionRef(ws, id);
    if (!streamExists(target)) {
      takeHandoffs(ctx, tmp);
      renameSync(tmp, target.dir);
      if (o.as && o.as !== manifest.missionId) await runMissionCommand(ctx, id, { type: "Rename", to: id });
      return { missionId: id, imported: true, merged: 0, manifest };
    }
    if (o.as) throw new Conflict({ condition: "AlreadyExists", message: `mission ${id} already exists here; pick another id for --as` });
    // the same mission with a related history: add the lines it lacks, as one compacted file
    const merged = await withLock(target.lockPath, target.label, async () => {
      const local = segmentLines(target);
      const incoming = segmentLines(staged);
      if (![...incoming.keys()].some((s) => local.has(s)))
        throw new Conflict({ condition: "HistoryDiverged", message: `mission ${id} exists here with an unrelated history (no segment in common); import it under another id with --as <new-id>` });
      const added: SegmentLine[] = [];
      for (const [s, lines] of incoming)
        for (const l of lines) {
          const mine = local.get(s)?.[l.seq - 1];
          if (!mine) added.push(l);
          else if (mine.text !== l.text) throw new Conflict({ condition: "HistoryDiverged", message: `mission ${id} exists here with a different history (segment ${s} line ${l.seq} differs); import it under another id with --as <new-id>` });
        }
      if (!added.length) return 0;
      const file = writeCompacted(target.dir, added);
      const v = (await verifyStream(target));
      if (!v.ok) {
        rmSync(file, { force: true });
        throw new Conflict({ condition: "HistoryDiverged", message: `the bundle's events do not fit mission ${id} here (${v.problem!.reason}); nothing was written` });
      }
      return added.length;
    });
    if (merged) {
      takeHandoffs(ctx, tmp);
      for (const f of walk(join(tmp, "agents"))) {
        const dest = join(target.dir, relative(tmp, f));
        if (!existsSync(dest)) cpSync(f, dest);
      }
    }
    return { missionId: id, imported: merged > 0, merged, manifest };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
};
