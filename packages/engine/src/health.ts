// `doctor` and `status`: what is wrong with the workspace and $MAESTRO_HOME, and the safe
// repairs (quarantine torn tails, remove stale locks, drop bad caches, record lost runs).
// A repair never deletes an event.
import { readSession } from "./reads.js";
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { basename, join, relative } from "node:path";
import * as Either from "effect/Either";
import { parseDuration } from "@maestro/core/duration";
import type { NewEvent } from "@maestro/core/envelope";
import type { AgentName, HandoffRecord } from "@maestro/core/handoff/events";
import { AGENT_NAMES } from "@maestro/core/handoff/values";
import { CorruptStore } from "@maestro/core/errors";
import { progressOf } from "@maestro/core/mission/queries";
import { boardOf, stuckTasks } from "@maestro/core/tasks/queries";
import { resolveBinary } from "@maestro/handoff/launcher";
import { repairTornTail } from "@maestro/store/append";
import { isCacheValid } from "@maestro/store/cache";
import type { StreamRef } from "@maestro/store/stream";
import { alive, holderOf, withLock } from "@maestro/store/lock";
import { analyzeMergedFile, repairMergedFile, splitGrownSegment } from "@maestro/store/repair";
import { replaceDurably } from "@maestro/store/compact";
import { ensureLine } from "@maestro/store/writer";
import { isCompactedName, SET_ASIDE_EXT, setAside, sourceFiles, streamExists, strayEntries } from "@maestro/store/segments";
import { verifyNewBytes, verifyStream } from "@maestro/store/verify";
import { findWorkspace } from "@maestro/store/workspace";
import { timeOnly } from "./at.js";
import { loadConfig } from "./config.js";
import { appendMetaOf, type Ctx } from "./context.js";
import { handoffStreamRef, handoffsDir, listHandoffs } from "./handoffs.js";
import { hookStatus, maestroOnPath } from "./hooks.js";
import { listConflicts, recentEvents, workspaceStreams, type AnyRef } from "./log.js";
import { listMissions } from "./missions.js";
import { loadTasks, tasksRef } from "./tasks.js";
import { requireWorkspace } from "./workspace.js";

export type Severity = "ok" | "warn" | "error";
export interface Finding {
  readonly check: string;
  readonly severity: Severity;
  readonly where: string;
  readonly what: string;
  readonly fix: string | null;
  repaired?: string;
}

const walk = (dir: string, depth = 4): string[] =>
  depth < 0 || !existsSync(dir) ? [] : readdirSync(dir, { withFileTypes: true }).flatMap((d) => [join(dir, d.name), ...(d.isDirectory() && !d.name.endsWith(".lock") ? walk(join(dir, d.name), depth - 1) : [])]);


const allStreams = (ctx: Ctx): AnyRef[] => {
  const dir = handoffsDir(ctx);
  const handoffs = existsSync(dir) ? readdirSync(dir).filter((id) => streamExists({ dir: join(dir, id) })).map((id) => handoffStreamRef(ctx, id) as unknown as AnyRef) : [];
  return [...workspaceStreams(ctx), ...handoffs];
};

/** What git recorded of a file in HEAD (undefined outside git or when HEAD does not hold it). */
const recordedBytes = (root: string, path: string): Buffer | undefined => {
  try {
    return execFileSync("git", ["show", `HEAD:${relative(root, path)}`], { cwd: root, stdio: ["ignore", "pipe", "ignore"], maxBuffer: 1 << 30 });
  } catch {
    return undefined;
  }
};

/**
 * Segments git recorded (in HEAD) whose bytes on disk differ: appended to after git recorded
 * them (an older maestro racing `git add`), or converted by core.autocrlf before the store had
 * its .gitattributes. Both are mended by doctor --repair; anything else needs a person.
 */
const trackedFindings = (root: string, dir: string): Finding[] => {
  let changed: string[];
  try {
    changed = execFileSync("git", ["diff", "--name-only", "-z", "HEAD", "--", relative(root, dir)], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).split("\0").filter((p) => p.endsWith(".jsonl"));
  } catch {
    return [];
  }
  const out: Finding[] = [];
  for (const rel of changed) {
    const path = join(root, rel);
    const recorded = recordedBytes(root, path);
    if (!recorded || !existsSync(path)) continue;
    const bytes = readFileSync(path);
    if (Buffer.from(bytes.toString("latin1").replaceAll("\r\n", "\n"), "latin1").equals(recorded))
      out.push({ check: "converted", severity: "warn", where: path, what: `${rel}: its line endings were converted (core.autocrlf); reads strip them, git sees the file changed`, fix: "doctor --repair writes git's bytes back (.maestro/.gitattributes keeps them)" });
    else if (bytes.length > recorded.length && bytes.subarray(0, recorded.length).equals(recorded))
      out.push({ check: "grown-segment", severity: "warn", where: path, what: `${rel}: ${bytes.length - recorded.length} bytes were appended after git recorded it (the next merge would conflict)`, fix: "doctor --repair moves those lines to a segment of their own and gives the file back git's bytes" });
  }
  return out;
};

/** Segment files past which a stream is worth compacting. */
export const COMPACT_AT = 32;

/** Checks streams, locks, caches, runs and claims: the findings `status` shows as warnings. */
const storeFindings = async (ctx: Ctx, o: { readonly quick?: boolean } = {}): Promise<Finding[]> => {
  const ws = requireWorkspace(ctx);
  const out: Finding[] = [];
  const streams = allStreams(ctx);
  for (const ref of streams) {
    // (status verifies only what was appended since its last look; doctor all of it)
    const v = await (o.quick ? verifyNewBytes(ref) : verifyStream(ref));
    if (!v.ok) {
      const { line, reason } = v.problem!;
      const file = relative(ws.root, v.problem!.file);
      // a file merged by hand (markers, or both sides kept) splits into its chain and the other side's
      const merged = isCompactedName(basename(v.problem!.file)) ? undefined : analyzeMergedFile(v.problem!.file);
      const mendable = merged !== undefined && merged.unplaced.length === 0 && (merged.markers > 0 || merged.forks.length > 0);
      out.push({
        check: !mendable ? "stream" : merged.markers > 0 ? "conflict-markers" : "fork",
        severity: "error",
        where: v.problem!.file,
        what: `${ref.label}: ${file}:${line}: ${reason}`,
        fix: mendable
          ? "doctor --repair keeps the lines of both sides: the other side's move to a segment of their own (the file as it was is kept in <file>.quarantine)"
          : `doctor --repair sets the file aside as ${file}${SET_ASIDE_EXT} (nothing deleted: rename it back once mended), so the rest of the store works; or fix the line by hand`,
      });
    }
    for (const x of strayEntries(ref)) out.push({ check: "stray-entry", severity: "warn", where: x.path, what: `${ref.label}: ${relative(ws.root, x.path)} is ${x.what}, not a segment: every read skips it`, fix: "remove it: maestro never follows or opens it" });
    for (const t of v.torn) out.push({ check: "torn-tail", severity: "warn", where: t.file, what: `${ref.label}: a torn last write of ${t.bytes} bytes in ${relative(ws.root, t.file)}`, fix: "doctor --repair moves it to <file>.quarantine (the next append would too)" });
    const files = sourceFiles(ref).length;
    if (files > COMPACT_AT) out.push({ check: "segments", severity: "warn", where: ref.dir, what: `${ref.label}: ${files} segment files`, fix: "`maestro compact` rewrites the committed ones into one (then commit)" });
  }
  for (const p of [...walk(ws.dir), ...walk(handoffsDir(ctx), 2)].filter((x) => x.endsWith(".lock") && !x.endsWith("index.lock"))) {
    const h = holderOf(p);
    // a live holder is a command at work (or paused): never stale, whatever the clocks say
    if (h.state === "dead") out.push({ check: "stale-lock", severity: "warn", where: p, what: `lock held by pid ${h.owner.pid}, which is dead`, fix: "doctor --repair removes it (the next write would too)" });
    else if (h.state === "unknown") out.push({ check: "stale-lock", severity: "warn", where: p, what: "lock that names no holder (left by an older maestro, or by hand)", fix: "doctor --repair removes it" });
    else if (h.state === "foreign") out.push({ check: "foreign-lock", severity: "warn", where: p, what: `lock held by pid ${h.owner.pid} on host ${h.owner.host}, which this host cannot check (a copied or shared folder)`, fix: `if no maestro runs on ${h.owner.host} with this folder, remove ${p}` });
  }
  const cacheDir = join(ws.dir, ".cache");
  const caches = new Map(streams.filter((r) => r.cachePath).map((r) => [r.cachePath!, r]));
  for (const name of existsSync(cacheDir) ? readdirSync(cacheDir).filter((n) => n.endsWith(".json")) : []) {
    const cache = join(cacheDir, name);
    const ref = caches.get(cache);
    let valid = false;
    try {
      valid = ref !== undefined && isCacheValid(JSON.parse(readFileSync(cache, "latin1")), sourceFiles(ref));
    } catch {
      valid = false;
    }
    if (!valid) out.push({ check: "bad-cache", severity: "warn", where: cache, what: "snapshot cache no longer matches its log", fix: "doctor --repair deletes it (it is rebuilt on the next read)" });
  }
  const conflicts = (await listConflicts(ctx)).length;
  if (conflicts)
    out.push({ check: "merge-conflicts", severity: "warn", where: ws.dir, what: `${conflicts} event(s) a git merge made inapplicable (kept in the log, skipped by the fold)`, fix: "`maestro log --conflicts` lists them and why; redo what still matters" });
  // (a lost run of any project: the store is global)
  for (const h of await listHandoffs(ctx, { allProjects: true }))
    if (h.status === "launched" && h.pid !== null && !alive(h.pid))
      out.push({ check: "lost-handoff", severity: "error", where: h.id, what: `handoff ${h.id} (${h.agent}, pid ${h.pid}) died without a recorded exit`, fix: "doctor --repair records HandoffLost; relaunch or pick it up" });
  const staleText = (await loadConfig(ctx))["tasks.leaseTtl"]!.value as string;
  const staleMs = Either.getOrThrow(parseDuration("stale", staleText));
  // (a tasks stream that does not fold is reported above, and doctor --repair must still run)
  const tasks = streamExists(tasksRef(ws)) ? await loadTasks(ctx).catch((e) => (e instanceof CorruptStore ? undefined : Promise.reject(e))) : undefined;
  if (tasks)
    for (const t of stuckTasks(tasks.state, ctx.now(), staleMs))
      out.push({ check: "stale-claim", severity: "warn", where: t.id, what: `task ${t.id} claimed by ${t.assignee}: its lease expired (idle over ${staleText})`, fix: `maestro task claim ${t.id} takes it over, recorded (or maestro task release-owned ${t.assignee})` });
  return out;
};

const version = (bin: string, args: string[] = ["--version"]): string | undefined => {
  try {
    return execFileSync(bin, args, { encoding: "utf8", timeout: 3000, stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n")[0];
  } catch {
    return undefined;
  }
};

/** Whether the agent's SessionStart hook will run: installed, its bundle still there, and (Codex) trusted. */
const hookFinding = (ctx: Ctx, agent: AgentName): Finding => {
  const h = hookStatus(ctx, agent, "project");
  if (!h.installed) return { check: "hook", severity: "ok", where: h.path, what: `${agent}: no SessionStart hook (sessions start without maestro context)`, fix: "maestro install adds it" };
  if (h.bin && !existsSync(h.bin)) return { check: "hook", severity: "warn", where: h.path, what: `${agent}: the hook runs ${h.bin}, which is gone: it will not run`, fix: "maestro install rewrites it for this maestro" };
  // (Claude Code runs its per-user copy, by path, while maestro is not on PATH)
  if (h.byName && agent !== "claude" && !maestroOnPath(ctx))
    return { check: "hook", severity: "warn", where: h.path, what: `${agent}: the hook calls \`maestro\` by name, which is not on PATH here: it will not run`, fix: "put maestro on PATH (npm install -g maestro-conductor), or maestro install --global for your own settings" };
  if (agent === "codex") {
    const config = join(ctx.env["HOME"] ?? homedir(), ".codex", "config.toml");
    const trusted = existsSync(config) && readFileSync(config, "utf8").includes(h.path) && readFileSync(config, "utf8").includes("trusted_hash");
    if (!trusted) return { check: "hook", severity: "warn", where: h.path, what: "codex: hook installed but not trusted yet: Codex skips untrusted hooks", fix: "start codex in this project and trust the hook (codex exec: --dangerously-bypass-hook-trust)" };
  }
  return { check: "hook", severity: "ok", where: h.path, what: `${agent}: SessionStart hook installed`, fix: null };
};

export const doctor = async (ctx: Ctx, o: { repair: boolean }): Promise<Finding[]> => {
  // (what git holds is asked here, not by every status: it spawns git)
  const ws = requireWorkspace(ctx);
  const findings = [...(await storeFindings(ctx)), ...trackedFindings(ws.root, ws.dir)];
  const config = (await loadConfig(ctx));
  for (const agent of AGENT_NAMES) {
    const bin = config[`agents.${agent}.bin`]!.value as string;
    const path = resolveBinary(bin, ctx.env, ctx.cwd);
    // (an agent's --version line, if it printed one with a version in it: not whatever it printed)
    const said = path ? version(path) : undefined;
    findings.push(
      path
        ? { check: "agent", severity: "ok", where: path, what: `${agent}: ${said !== undefined && /\d+\.\d+/.test(said) ? said : "found (its --version printed no version)"}`, fix: null }
        : { check: "agent", severity: "warn", where: bin, what: `${agent}: "${bin}" not on PATH`, fix: `install ${agent} or set agents.${agent}.bin (maestro config set)` },
    );
  }
  findings.push(...AGENT_NAMES.map((agent) => hookFinding(ctx, agent)));
  const git = version("git");
  findings.push(git ? { check: "git", severity: "ok", where: "git", what: git, fix: null } : { check: "git", severity: "error", where: "git", what: "git not found", fix: "install git" });
  const inRepo = git ? version("git", ["-C", ctx.cwd, "rev-parse", "--show-toplevel"]) : undefined;
  findings.push(inRepo ? { check: "repo", severity: "ok", where: inRepo, what: `git repository, branch ${version("git", ["-C", ctx.cwd, "branch", "--show-current"]) || "(detached)"}`, fix: null } : { check: "repo", severity: "warn", where: ctx.cwd, what: "not in a git repository", fix: "handoff briefs and worktrees need git: git init" });
  const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
  findings.push(major > 20 || (major === 20 && minor >= 19) ? { check: "node", severity: "ok", where: process.execPath, what: `node ${process.version}`, fix: null } : { check: "node", severity: "error", where: process.execPath, what: `node ${process.version} is older than 20.19`, fix: "install Node 20.19 or newer" });
  if (o.repair)
    for (const f of findings) {
      const done = await repair(ctx, f);
      if (done) f.repaired = done;
    }
  return findings;
};

const repair = async (ctx: Ctx, f: Finding): Promise<string | undefined> => {
  switch (f.check) {
    case "torn-tail": {
      const ref = allStreams(ctx).find((r) => sourceFiles(r).some((x) => x.path === f.where)) as StreamRef<unknown, NewEvent> | undefined;
      if (!ref) return undefined;
      const n = await repairTornTail(ref);
      return `moved ${n} bytes to ${f.where}.quarantine`;
    }
    case "conflict-markers":
    case "fork": {
      const ref = allStreams(ctx).find((r) => sourceFiles(r).some((x) => x.path === f.where));
      if (!ref) return undefined;
      const r = await withLock(ref.lockPath, ref.label, () => repairMergedFile(f.where, appendMetaOf(ctx).randomName));
      return r ? `kept ${r.merged.kept} lines; the other side's ${r.merged.forks.reduce((n, x) => n + x.length, 0)} moved to ${r.segments.map((s) => basename(s)).join(", ")}` : undefined;
    }
    case "stream": {
      const ref = allStreams(ctx).find((r) => sourceFiles(r).some((x) => x.path === f.where));
      if (!ref) return undefined;
      await withLock(ref.lockPath, ref.label, () => setAside(f.where));
      ensureLine(requireWorkspace(ctx).dir, ".gitignore", `*${SET_ASIDE_EXT}`);
      return `set aside as ${basename(f.where)}${SET_ASIDE_EXT}: the rest of ${ref.label} folds without it; rename it back once mended`;
    }
    case "converted":
    case "grown-segment": {
      const ref = allStreams(ctx).find((r) => sourceFiles(r).some((x) => x.path === f.where));
      const root = requireWorkspace(ctx).root;
      const recorded = recordedBytes(root, f.where);
      if (!ref || !recorded) return undefined;
      return withLock(ref.lockPath, ref.label, () => {
        const r = f.check === "converted" ? (replaceDurably(f.where, recorded), "wrote git's bytes back") : splitGrownSegment(f.where, recorded, appendMetaOf(ctx).randomName);
        // (the index still has the old file's size: git would call the mended file changed until it looks again)
        execFileSync("git", ["add", "--", relative(root, f.where)], { cwd: root, stdio: "ignore" });
        return typeof r === "string" || r === undefined ? r : `moved ${r.moved} line(s) to ${basename(r.segment)}; the file is as git recorded it (as it was: <file>.quarantine)`;
      });
    }
    case "stale-lock":
      rmSync(f.where, { recursive: true, force: true });
      rmSync(`${f.where}.owner`, { force: true });
      return "removed the lock";
    case "bad-cache":
      rmSync(f.where, { force: true });
      return "deleted the cache";
    case "lost-handoff":
      // (the handoff use cases that write are loaded only by a repair that needs one)
      await (await import("./launch.js")).recordLost(ctx, f.where, "its process died without a recorded exit (found by doctor)");
      return "recorded HandoffLost";
    default:
      return undefined;
  }
};

/**
 * Where things stand (or stood `at` a time): outside a workspace, only that it is not
 * initialized. Warnings are of the store as it is now, whatever `at` says.
 */
export const status = async (command: Ctx, o: { readonly at?: string } = {}) => {
  // (one read session: the missions, tasks and conflicts below share their folds)
  const ctx = readSession(command);
  const ws = findWorkspace(ctx.cwd);
  if (!ws) return { initialized: false as const, cwd: ctx.cwd };
  const at = o.at === undefined ? undefined : timeOnly(o.at, "missions, tasks and launches");
  const handoffs = (await listHandoffs(ctx, at ? { at } : {}));
  const spendOf = await (await import("./spend.js")).missionSpends(ctx, handoffs);
  const missions = (await listMissions(ctx, at)).map((d) => ({ id: d.mission.id, title: d.mission.title, status: d.mission.status, progress: progressOf(d), spend: spendOf(d.mission.id) }));
  const board = streamExists(tasksRef(ws)) ? boardOf((await loadTasks(ctx, at ? { at } : {})).state) : undefined;
  const running = handoffs.filter((h: HandoffRecord) => h.status === "launched" || h.status === "launching");
  // (what `handoff pickup` would take: not picked up, its run not finished)
  const open = handoffs.filter((h) => !h.consumedAt && (h.status === "launching" || h.status === "launched") && h.sourceDir === ws.root);
  const events = (await recentEvents(ctx, 8, {}, at));
  return {
    initialized: true as const,
    workspace: ws.root,
    ...(at ? { at } : {}),
    missions,
    tasks: board ? { active: board.active.length, ready: board.ready.length, blocked: board.blocked.length, completed: board.completed, cancelled: board.cancelled, next: board.next } : { active: 0, ready: 0, blocked: 0, completed: 0, cancelled: 0, next: null },
    handoffs: { running: running.map((h) => ({ id: h.id, agent: h.agent, pid: h.pid, startedAt: h.startedAt })), open: open.map((h) => ({ id: h.id, agent: h.agent, status: h.status })) },
    conflicts: (await listConflicts(ctx)).length,
    lastEvents: events.map((e) => ({ stream: e.stream, seq: e.seq, at: e.at, actor: e.actor, type: e.type })),
    warnings: (await storeFindings(ctx, { quick: true })).map((f) => ({ check: f.check, severity: f.severity, what: f.what, fix: f.fix })),
  };
};
