// Mission bundles: export a mission's history (optionally up to a seq) with its briefs and
// linked handoffs as a .mission.tar.gz; inspect, verify and import one. Import verifies every
// byte before writing, extracts into a hidden temp dir and renames it into place, so a
// refused or broken archive leaves nothing behind.
import { createHash } from "node:crypto";
import { cpSync, createReadStream, existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Recorded } from "@maestro/core/envelope";
import { Conflict, InvalidInput } from "@maestro/core/errors";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import type { MissionEvent } from "@maestro/core/mission/events";
import { featuresOf, milestonesOf } from "@maestro/core/mission/queries";
import { DEFAULT_LIMITS, type Limits } from "@maestro/bundle/manifest";
import { readBundle } from "@maestro/bundle/read";
import { writeBundle, type SourceFile } from "@maestro/bundle/write";
import { foldStream, tailEvents } from "@maestro/store/stream";
import { streamPaths } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";
import { handoffsDir, listHandoffs } from "./handoffs.js";
import { runMissionCommand } from "./mission-commands.js";
import { loadMission, missionRef } from "./missions.js";
import { requireWorkspace } from "./workspace.js";

const walk = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : [])) : [];

export const exportBundle = async (ctx: Ctx, missionId: string, o: { out?: string; at?: number; includeHandoffs?: boolean; version: string }) => {
  const { ref, folded, domain } = loadMission(ctx, missionId, o.at === undefined ? {} : { at: o.at });
  // the last exported event names the bundle's time and actor, so the same history gives the same bytes;
  // it is read from the log's end unless --at asks for an earlier one
  let last: Recorded<MissionEvent> | undefined = o.at === undefined ? tailEvents(ref, 1)[0] : undefined;
  if (o.at !== undefined) foldStream(ref, { at: o.at, collect: (e) => ((last = e), false) });
  const missionDir = resolve(ref.path, "..");
  const sources: SourceFile[] = [{ path: "events.jsonl", source: ref.path, end: folded.endOffset, size: folded.endOffset }];
  for (const f of walk(join(missionDir, "agents"))) sources.push({ path: relative(missionDir, f), source: f, size: statSync(f).size });
  if (o.includeHandoffs)
    for (const h of listHandoffs(ctx).filter((x) => x.refs.missionId === missionId))
      for (const name of ["events.jsonl", "prompt.md", "output.log"]) {
        const f = join(handoffsDir(ctx), h.id, name);
        if (existsSync(f)) sources.push({ path: `handoffs/${h.id}/${name}`, source: f, size: statSync(f).size });
      }
  const out = resolve(ctx.cwd, o.out ?? `${missionId}.mission.tar.gz`);
  const manifest = await writeBundle(
    out,
    {
      format: 1,
      missionId,
      title: domain.mission.title,
      status: domain.mission.status,
      exportedSeq: folded.seq,
      eventCount: folded.seq,
      headHash: folded.lastHash,
      createdAt: last?.at ?? "",
      createdBy: ctx.actor,
      maestroVersion: o.version,
    },
    sources,
  );
  return { out, manifest };
};

export const limitsOf = (o: { maxEntryMb?: number; maxTotalMb?: number }): Limits => ({
  maxEntryBytes: o.maxEntryMb !== undefined ? Math.floor(o.maxEntryMb * 2 ** 20) : DEFAULT_LIMITS.maxEntryBytes,
  maxTotalBytes: o.maxTotalMb !== undefined ? Math.floor(o.maxTotalMb * 2 ** 20) : DEFAULT_LIMITS.maxTotalBytes,
});

export const inspectBundle = async (path: string, limits: Limits) => {
  const c = await readBundle(path, limits);
  const d = c.state.domain!;
  const byStatus: Record<string, number> = {};
  for (const f of featuresOf(d)) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  return {
    manifest: c.manifest,
    summary: {
      milestones: milestonesOf(d).map((m) => ({ id: m.id, status: m.status })),
      featuresByStatus: byStatus,
      assertions: Object.values(d.assertions).map((a) => ({ id: a.id, status: a.status })),
      lastEvents: c.lastEvents.map((e) => ({ seq: e.seq, at: e.at, actor: e.actor, type: e.type })),
    },
  };
};

const sha256File = async (path: string) => {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
};

export const importBundle = async (ctx: Ctx, path: string, o: { as?: string; limits: Limits }) => {
  const ws = requireWorkspace(ctx);
  const checked = await readBundle(path, o.limits);
  const id = o.as ?? checked.manifest.missionId;
  if (!USER_ID_PATTERN.test(id)) throw new InvalidInput({ message: `--as ${JSON.stringify(id)}: use 1-64 of a-z 0-9 . _ -` });
  const target = missionRef(ws, id).path;
  const events = checked.manifest.files.find((f) => f.path === "events.jsonl")!;
  if (existsSync(target)) {
    if (!o.as && (await sha256File(target)) === events.sha256) return { missionId: id, imported: false, manifest: checked.manifest };
    throw new Conflict({ message: `mission ${id} exists here with a different history; import it under another id with --as <new-id>` });
  }
  const missions = streamPaths(ws).missionsDir;
  const tmp = mkdtempSync(join(missions, ".import-"));
  try {
    await readBundle(path, o.limits, tmp);
    const handoffs = join(tmp, "handoffs");
    if (existsSync(handoffs)) {
      for (const h of readdirSync(handoffs)) {
        const dest = join(handoffsDir(ctx), h);
        if (!existsSync(dest)) cpSync(join(handoffs, h), dest, { recursive: true });
      }
      rmSync(handoffs, { recursive: true, force: true });
    }
    renameSync(tmp, resolve(target, ".."));
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  if (o.as && o.as !== checked.manifest.missionId) await runMissionCommand(ctx, id, { type: "Rename", to: id });
  return { missionId: id, imported: true, manifest: checked.manifest };
};
