// Launching agent runs: make a brief, start the agent (detached under a small supervisor, or
// waited for, or followed), record what it did and used, and pick a packet up exactly once.
// The handoff stream itself (reads, its command) is handoffs.ts. Every launch lives
// in $MAESTRO_HOME/handoff/<id>/: events.jsonl (the truth), prompt.md, output.log, and a
// derived handoff.json for people.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join, resolve } from "node:path";
import * as Either from "effect/Either";
import { parseDuration } from "@maestro/core/duration";
import { own } from "@maestro/core/envelope";
import { Conflict, InvalidInput, NotFound } from "@maestro/core/errors";
import type { HandoffRecord } from "@maestro/core/handoff/events";
import { HandoffRequest } from "@maestro/core/handoff/commands";
import { decodeCommand } from "@maestro/core/input-fields";
import { findTask, requireTask } from "@maestro/core/tasks/queries";
import { ADAPTERS } from "@maestro/handoff/adapters";
import { renderBrief } from "@maestro/handoff/brief";
import { addWorktree, changesSince, dirtyAt, gitAnchor, removeWorktree } from "@maestro/handoff/git";
import { agentStreamReader } from "@maestro/handoff/usage";
import { resolveBinary, startAgent, stopGroup, waitFor } from "@maestro/handoff/launcher";
import { findWorkspace, projectRootOf } from "@maestro/store/workspace";
import { gatherBrief } from "./brief.js";
import { loadConfig } from "./config.js";
import type { Ctx } from "./context.js";
import { handoffDir, listHandoffs, loadHandoff, runHandoffCommand, sameDir } from "./handoffs.js";
import { checkMissionCommand, listMissions, loadMission, runMissionCommand } from "./missions.js";
import { loadTasks, previewTaskCommand, runTaskCommand } from "./tasks.js";
import { notify } from "./notify.js";
import { launchBudget, overBudget, usageOf } from "./spend.js";
import { requireWorkspace } from "./workspace.js";

const childEnv = (ctx: Ctx, rec: HandoffRecord): NodeJS.ProcessEnv => {
  const actor = `${rec.agent}:${rec.id}`;
  return { ...ctx.env, MAESTRO_ACTOR: actor, MAESTRO_SESSION: actor, MAESTRO_HANDOFF_ID: rec.id };
};

/** Writes the brief, records the launch and starts the agent; the request is decoded first. */
export const createHandoff = async (ctx: Ctx, request: HandoffRequest, hooks: { readonly onWaiting?: (rec: HandoffRecord) => void } = {}): Promise<HandoffRecord> => {
  const o = decodeCommand(HandoffRequest, request);
  if (o.base !== undefined && o.worktree === undefined) throw new InvalidInput({ condition: "UsageError", message: "--base is the branch a new worktree starts from: pass it with --worktree" });
  const ws = requireWorkspace(ctx);
  // refs are checked before anything is made
  if (o.featureId && !o.missionId) throw new InvalidInput({ condition: "UsageError", message: "--feature needs --mission <id>" });
  if (o.missionId) {
    const { domain } = (await loadMission(ctx, o.missionId));
    if (o.featureId && !own(domain.features, o.featureId)) throw new NotFound({ condition: "FeatureNotFound", message: `feature "${o.featureId}" not found in mission "${o.missionId}"` });
  }
  const task = o.taskRef ? requireTask((await loadTasks(ctx)).state, o.taskRef) : undefined;
  if (!o.featureId) await suggestFeature(ctx, o.task);

  const adapter = ADAPTERS[o.agent];
  // binary, model and extra argv (approval, sandbox flags) come from config: flag > env > project > global
  const config = (await loadConfig(ctx));
  const extra = config[`agents.${o.agent}.args`]!.value as string[];
  const binName = config[`agents.${o.agent}.bin`]!.value as string;
  const timeoutText = config["handoff.timeout"]!.value as string | null;
  const timeoutMs = o.timeoutMs ?? (timeoutText ? Either.getOrThrowWith(parseDuration("timeout", timeoutText), (e) => e) : undefined);
  const bin = resolveBinary(binName, ctx.env, ctx.cwd);
  const id = ctx.newId("handoff");
  // the feature's move to assigned is checked before anything is made (it may wait on a dependency)
  if (o.missionId && o.featureId) await checkMissionCommand(ctx, o.missionId, { type: "RecordHandoff", featureId: o.featureId, handoffId: id, agent: o.agent });
  const model = o.model ?? (config[`agents.${o.agent}.model`]!.value as string | null);
  const refs = { missionId: o.missionId ?? null, featureId: o.featureId ?? null, taskId: task?.id ?? null };
  const previous = (await listHandoffs(ctx)).filter((h) => (refs.taskId && h.refs.taskId === refs.taskId) || (refs.featureId && h.refs.featureId === refs.featureId && h.refs.missionId === refs.missionId));
  // one run of a feature at a time: a second is refused naming the running one, unless forced (and recorded)
  const running = refs.featureId ? previous.filter((h) => h.refs.featureId === refs.featureId && (h.status === "launching" || h.status === "launched")) : [];
  if (running.length && !o.force)
    throw new Conflict({ condition: "HandoffRunning", message: `feature ${refs.featureId} is being worked on by handoff ${running.map((h) => `${h.id} (${h.agent}, ${h.status})`).join(", ")}; wait for it (\`maestro handoff show ${running[0]!.id}\`), or pass --force to launch another beside it` });
  // a launch past what the mission may spend is refused, naming what was spent
  const budget = await launchBudget(ctx, refs.missionId ?? undefined, o.budget);
  // what cannot be undone comes last: the worktree once every check passed, and until the launch
  // is recorded a failure takes it (branch and folder) and the handoff's folder away again
  const worktree = bin && o.worktree !== undefined ? addWorktree(projectRootOf(ctx.cwd), o.worktree === true ? (o.name ?? id.replace("_", "-")) : o.worktree, o.base) : null;
  const targetDir = worktree?.path ?? ctx.cwd;
  const dir = handoffDir(ctx, id);
  let rec: HandoffRecord;
  try {
    mkdirSync(dir, { recursive: true });
    const promptPath = join(dir, "prompt.md");
    const outputPath = join(dir, "output.log");
    const brief = await gatherBrief(ctx, {
      title: `Handoff ${id}${o.name ? ` (${o.name})` : ""}: ${o.agent}`,
      task: o.task,
      targetDir,
      refs: { ...(o.missionId ? { missionId: o.missionId } : {}), ...(o.featureId ? { featureId: o.featureId } : {}), ...(task ? { taskRef: task.id } : {}) },
      previous,
      worktree,
    });
    writeFileSync(promptPath, renderBrief(brief));
    writeFileSync(outputPath, "");
    const argv = [bin ?? binName, ...adapter.argv({ model, targetDir, extra })];
    rec = await runHandoffCommand(ctx, id, {
      type: "CreateHandoff",
      event: {
        type: "HandoffCreated",
        data: { handoffId: id, name: o.name ?? null, agent: o.agent, model, task: o.task, sourceDir: ws.root, targetDir, promptPath, outputPath, argv, refs, worktree, timeoutMs: timeoutMs ?? null, ...(running.length ? { alongside: running.map((h) => h.id) } : {}), ...(budget ? { budget } : {}) },
      },
    });
  } catch (e) {
    if (worktree) removeWorktree(projectRootOf(ctx.cwd), worktree);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  if (task) await runTaskCommand(ctx, { type: "LinkHandoff", ref: task.id, handoffId: id, agent: o.agent });
  if (o.missionId && o.featureId) await runMissionCommand(ctx, o.missionId, { type: "RecordHandoff", featureId: o.featureId, handoffId: id, agent: o.agent });

  if (!bin) {
    await runHandoffCommand(ctx, id, { type: "RecordFailure", error: `agent binary "${binName}" not found on PATH` });
    throw new NotFound({ condition: "AgentNotInstalled", message: `agent binary "${binName}" not found on PATH; install ${adapter.bin} or point ${adapter.binEnv} at it (handoff ${id} recorded as failed)` });
  }
  if (o.wait && !o.detachOnInterrupt) return supervise(ctx, id, undefined, hooks.onWaiting);
  rec = await launchDetached(ctx, id, o.selfBin);
  if (!o.wait || rec.status !== "launched") return rec;
  return followRun(ctx, rec, hooks.onWaiting);
};

/**
 * A handoff whose text names a mission's feature (or made while one feature is under way) but
 * does not link it gets a brief with no feature context and no reply instructions: say how to
 * link it. Finished and rejected missions are left out.
 */
const suggestFeature = async (ctx: Ctx, text: string) => {
  const live = (await listMissions(ctx)).filter((d) => !["rejected", "completed", "failed"].includes(d.mission.status));
  const features = live.flatMap((d) => Object.values(d.features).map((f) => ({ mission: d.mission.id, f })));
  const named = features.filter(({ f }) => new RegExp(`(^|[^\\w.-])${f.id.replace(/[.]/g, "\\.")}($|[^\\w-])`).test(text));
  const active = features.filter(({ f }) => f.status === "in-progress" || f.status === "assigned");
  const pick = named.length === 1 ? named[0] : named.length === 0 && active.length === 1 ? active[0] : undefined;
  if (pick)
    ctx.warn(`${named.length ? "the task names" : "under way is"} feature ${pick.f.id} of mission ${pick.mission}; link it with --mission ${pick.mission} --feature ${pick.f.id} so the brief carries its context and how to reply (and its dependencies are checked)`);
};

/**
 * Waits for a detached run to end (its supervisor records the exit), reading its record as its
 * log changes; Ctrl-C (or TERM, HUP) stops the waiting only: the run goes on, and the record
 * returned is still `launched`.
 */
const followRun = (ctx: Ctx, launched: HandoffRecord, onWaiting?: (rec: HandoffRecord) => void): Promise<HandoffRecord> =>
  new Promise((resolvePromise, reject) => {
    const id = launched.id;
    const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
    let done = false;
    const finish = (e: unknown, rec?: HandoffRecord) => {
      if (done) return;
      done = true;
      watcher.close();
      clearInterval(poll);
      for (const s of signals) process.off(s, detach);
      if (rec) resolvePromise(rec);
      else reject(e);
    };
    const check = () =>
      loadHandoff(ctx, id).then(
        (rec) => (rec.status === "launching" || rec.status === "launched" ? undefined : finish(undefined, rec)),
        (e) => finish(e),
      );
    const detach = () => void loadHandoff(ctx, id).then((rec) => finish(undefined, rec), (e) => finish(e));
    // (a change to its log wakes the check; the slow poll only covers a change the watch missed)
    const watcher = watch(handoffDir(ctx, id), () => void check());
    const poll = setInterval(() => void check(), 2000);
    for (const s of signals) process.on(s, detach);
    // (said once Ctrl-C is ours to handle: a signal right after the words must not kill the wait)
    onWaiting?.(launched);
    void check();
  });

/** Starts the supervisor detached and waits only for it to report the agent's pid. */
const launchDetached = (ctx: Ctx, id: string, selfBin: string): Promise<HandoffRecord> =>
  new Promise((resolvePromise, reject) => {
    const sup = spawn(process.execPath, [selfBin, "handoff", "_supervise", id], { cwd: ctx.cwd, env: ctx.env, detached: true, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    const done = async () => {
      sup.stdout!.destroy();
      sup.unref();
      try {
        resolvePromise((await loadHandoff(ctx, id)));
      } catch (e) {
        reject(e);
      }
    };
    sup.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) done();
    });
    sup.once("exit", () => (out.includes("\n") ? undefined : done()));
    sup.once("error", reject);
  });

/**
 * Runs a created handoff's agent to its end, recording launch and exit. Used by the detached
 * supervisor (`onLaunched`) and for --wait (`onWaiting`): there Ctrl-C (or a TERM or HUP) stops
 * the agent's process group and records the run as cancelled, and a feature it assigned goes
 * back to pending, so no run is left going untracked.
 */
export const supervise = async (ctx: Ctx, id: string, onLaunched?: (pid: number) => void, onWaiting?: (rec: HandoffRecord) => void): Promise<HandoffRecord> => {
  const rec = (await loadHandoff(ctx, id));
  if (rec.status !== "launching") throw new Conflict({ condition: "HandoffAlreadyLaunched", message: `handoff ${id} is ${rec.status}; it was launched already` });
  const [bin, ...argv] = rec.argv;
  // (where it starts in git, before it can change anything)
  const anchor = gitAnchor(rec.targetDir);
  const dirty = dirtyAt(rec.targetDir);
  const config = await loadConfig(ctx);
  const child = startAgent({ bin: bin!, argv, cwd: rec.targetDir, env: childEnv(ctx, rec), promptPath: rec.promptPath, outputPath: rec.outputPath });
  // its stdout is its CLI's machine-readable stream: kept as it came (agent.ndjson: not .jsonl, which names the stream's own segments), its text
  // shown to people (output.log), its usage counted, and the run stopped once past its budget
  const reader = agentStreamReader(rec.agent);
  const streamPath = join(handoffDir(ctx, id), "agent.ndjson");
  const show = (t: string | undefined) => t !== undefined && appendFileSync(rec.outputPath, t.endsWith("\n") ? t : `${t}\n`);
  let over: string | undefined;
  createInterface({ input: child.stdout!, crlfDelay: Infinity }).on("line", (line) => {
    appendFileSync(streamPath, `${line}\n`);
    show(reader.line(line));
    const u = over === undefined ? reader.usage() : null;
    over = over ?? (u ? overBudget(rec.budget, usageOf(u, config, rec.model)) : undefined);
    if (over !== undefined && u) stopGroup(child);
  });
  // listen for the exit now: a quick agent can be gone before the launch is recorded
  const finished = waitFor(child, rec.timeoutMs);
  finished.catch(() => undefined);
  const spawned = await new Promise<number | Error>((res) => {
    child.once("spawn", () => res(child.pid!));
    child.once("error", (e) => res(e));
  });
  if (spawned instanceof Error) {
    const failed = await runHandoffCommand(ctx, id, { type: "RecordFailure", error: `could not start ${bin}: ${spawned.message}` });
    onLaunched?.(-1);
    return failed;
  }
  let cancelled = false;
  const cancel = () => {
    cancelled = true;
    stopGroup(child);
  };
  const signals = onLaunched ? [] : (["SIGINT", "SIGTERM", "SIGHUP"] as const);
  for (const s of signals) process.on(s, cancel);
  try {
    const launched = await runHandoffCommand(ctx, id, { type: "RecordLaunch", pid: spawned, detached: onLaunched !== undefined, git: anchor });
    onLaunched?.(spawned);
    onWaiting?.(launched);
    const outcome = await finished;
    show(reader.flush());
    const used = reader.usage();
    const ended = await runHandoffCommand(ctx, id, {
      type: "RecordExit",
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      timedOut: outcome.timedOut,
      cancelled,
      changes: changesSince(rec.targetDir, anchor, dirty),
      usage: used && usageOf(used, config, rec.model),
      ...(over !== undefined ? { overBudget: over } : {}),
    });
    await notify(ctx, "handoffExit", { handoffId: id, agent: ended.agent, status: ended.status, exitCode: ended.exitCode, signal: ended.signal, refs: ended.refs });
    if (cancelled && rec.refs.missionId && rec.refs.featureId) await runMissionCommand(ctx, rec.refs.missionId, { type: "ReturnFeature", featureId: rec.refs.featureId, handoffId: id });
    return ended;
  } finally {
    for (const s of signals) process.off(s, cancel);
  }
};

/** A run whose process died with no exit recorded (doctor found it). */
export const recordLost = (ctx: Ctx, id: string, reason: string) => runHandoffCommand(ctx, id, { type: "RecordLost", reason });

/**
 * Consumes a packet exactly once. A bare pickup takes the newest open packet (not consumed,
 * its run not finished) of this project, or of any with `allProjects`. A task-linked packet
 * resumes in its source project, claiming the task there: the claim is checked before the
 * packet is spent, so a refused claim (a blocked task) leaves the packet open.
 */
export const pickupHandoff = async (ctx: Ctx, o: { id?: string; standalone: boolean; allProjects?: boolean }) => {
  const here = findWorkspace(ctx.cwd)?.root;
  let rec: HandoffRecord;
  if (o.id) rec = await loadHandoff(ctx, o.id);
  else {
    const open = (await listHandoffs(ctx, { allProjects: o.allProjects === true })).filter((h) => !h.consumedAt && (h.status === "launching" || h.status === "launched"));
    const newest = open.at(-1);
    if (!newest) throw new NotFound({ condition: "NoOpenHandoff", message: `no open handoff packet to pick up ${o.allProjects ? "in any project" : "in this project (--all-projects for every one)"}; see \`maestro handoff list\`` });
    rec = newest;
  }
  const anchored = rec.refs.taskId !== null && !o.standalone;
  if (anchored && (here === undefined || !sameDir(rec.sourceDir, here)))
    throw new InvalidInput({ condition: "WrongProject", message: `handoff ${rec.id} is linked to task ${rec.refs.taskId} of ${rec.sourceDir}; resume it there: cd ${rec.sourceDir} && maestro handoff pickup --id ${rec.id} (or pass --standalone to take only the brief)` });
  const claim = { type: "ClaimTask" as const, ref: rec.refs.taskId!, session: ctx.actor, now: ctx.now(), force: true };
  if (anchored) {
    const t = findTask((await loadTasks(ctx)).state, rec.refs.taskId!);
    if (!t) throw new NotFound({ condition: "TaskNotFound", message: `task ${rec.refs.taskId} of handoff ${rec.id} is gone` });
    if (t.status === "completed") throw new InvalidInput({ condition: "TransitionNotAllowed", message: `task ${t.id} is completed; reopen it before picking up handoff ${rec.id}` });
    // decided (not written) first: a claim the graph refuses stops here, with the packet still open
    await previewTaskCommand(ctx, claim);
  }
  const picked = await runHandoffCommand(ctx, rec.id, { type: "PickUp", by: ctx.actor, standalone: o.standalone, cwd: ctx.cwd });
  let claimed = null;
  if (anchored) {
    const r = await runTaskCommand(ctx, claim);
    claimed = r.events[0] ?? null;
  }
  return { handoff: picked, brief: readFileSync(rec.promptPath, "utf8"), claimed };
};

/** `feature prompt`: the brief for one feature, stored under the mission and recorded as PromptIssued. */
export const featurePrompt = async (ctx: Ctx, missionId: string, featureId: string, out?: string) => {
  const ws = requireWorkspace(ctx);
  const { domain } = (await loadMission(ctx, missionId));
  const f = own(domain.features, featureId);
  if (!f) throw new NotFound({ condition: "FeatureNotFound", message: `feature "${featureId}" not found in mission "${missionId}"` });
  const previous = (await listHandoffs(ctx)).filter((h) => h.refs.featureId === featureId && h.refs.missionId === missionId);
  const text = renderBrief(
    (await gatherBrief(ctx, { title: `Feature ${f.id}: ${f.title}`, task: `Implement feature \`${f.id}\` of mission \`${missionId}\`: ${f.title}. Run the verification steps before stopping.`, targetDir: ws.root, refs: { missionId, featureId }, previous })),
  );
  // (the user's file first: a path that cannot be written leaves the store as it was)
  if (out) writeFileSync(resolve(ctx.cwd, out), text);
  const path = join(ws.dir, "missions", missionId, "agents", featureId, "prompt.md");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  const sha256 = createHash("sha256").update(text).digest("hex");
  const r = await runMissionCommand(ctx, missionId, { type: "RecordPrompt", featureId, path, sha256 });
  return { path, out: out ?? null, sha256, text, events: r.events };
};
