// evolve and decide for a handoff stream. Pure; the engine supplies pids, exit codes and times.
import * as Either from "effect/Either";
import type { Recorded, StreamKind } from "../envelope.js";
import { Conflict, InvalidInput, NotFound, type DomainError } from "../errors.js";
import { streamCodec } from "../codec.js";
import type { HandoffEvent, HandoffRecord, HandoffState, HandoffStatus, RunGit } from "./events.js";
import { anchorOf, budgetOf, changesOf, type GitAnchor, type GitChanges } from "./facts.js";
import { allows, step } from "../machine.js";
import { HANDOFF_TRANSITIONS } from "./values.js";

export const initialHandoffState: HandoffState = { seq: 0, record: null };

/** The fold. A status move the table does not allow from where the record is (a log written by hand, or by a build without the lock) leaves the record as it was. */
export const evolveHandoff = (s: HandoffState, e: Recorded<HandoffEvent>): HandoffState => {
  const r = s.record;
  const moved = (to: HandoffStatus, rest: Partial<HandoffRecord>): HandoffState => ({ seq: e.seq, record: r && step(HANDOFF_TRANSITIONS, r.status, null, to) === "apply" ? { ...r, ...rest, status: to } : r });
  const next = (record: HandoffRecord | null): HandoffState => ({ seq: e.seq, record });
  switch (e.type) {
    case "HandoffCreated": {
      const d = e.data;
      if (r) return next(r);
      return next({
        id: d.handoffId,
        name: d.name,
        agent: d.agent,
        model: d.model,
        status: "launching",
        task: d.task,
        sourceDir: d.sourceDir,
        targetDir: d.targetDir,
        promptPath: d.promptPath,
        outputPath: d.outputPath,
        argv: d.argv,
        refs: d.refs,
        worktree: d.worktree,
        createdAt: e.at,
        createdByAgent: e.actor,
        pid: null,
        startedAt: null,
        endedAt: null,
        exitCode: null,
        signal: null,
        timedOut: false,
        timeoutMs: d.timeoutMs,
        error: null,
        pickedUpByAgent: null,
        consumedAt: null,
        git: null,
        usage: null,
        budget: d.budget ? budgetOf(d.budget) : null,
        overBudget: null,
      });
    }
    case "HandoffLaunched":
      return moved("launched", { pid: e.data.pid, startedAt: e.at, git: e.data.git ? startGit(anchorOf(e.data.git)) : null });
    case "HandoffExited": {
      const d = e.data;
      const status = d.cancelled ? "cancelled" : d.exitCode === 0 && !d.timedOut && !d.overBudget ? "completed" : "failed";
      return moved(status, { exitCode: d.exitCode, signal: d.signal, timedOut: d.timedOut, endedAt: e.at, git: r && d.changes ? endGit(r.git, changesOf(d.changes)) : (r?.git ?? null), usage: d.usage ?? null, overBudget: d.overBudget ?? null });
    }
    case "HandoffFailed":
      return moved("failed", { error: e.data.error, endedAt: e.at });
    case "HandoffPickedUp":
      return next(r && { ...r, pickedUpByAgent: e.data.by, consumedAt: e.at });
    case "HandoffLost":
      return moved("failed", { error: e.data.reason, endedAt: e.at });
    default: {
      const never: never = e;
      return never;
    }
  }
};

const startGit = (a: GitAnchor): RunGit =>
  "unavailable" in a ? { before: null, after: null, commits: [], files: [], baseReachable: true, unavailable: a.unavailable } : { before: a, after: null, commits: [], files: [], baseReachable: true, unavailable: null };
const endGit = (g: RunGit | null, c: GitChanges): RunGit =>
  "unavailable" in c ? { ...(g ?? startGit(c)), unavailable: c.unavailable } : { before: g?.before ?? null, after: c.after, commits: c.commits, files: c.files, baseReachable: c.baseReachable, unavailable: null };

export const handoffStream: StreamKind<HandoffState, HandoffEvent> = {
  name: "handoff",
  stateVersion: 3,
  initial: initialHandoffState,
  evolve: evolveHandoff,
  codec: streamCodec("handoff", () => import("./events.js").then((m) => m.handoffCodec)),
};

export type HandoffCommand =
  | { readonly type: "CreateHandoff"; readonly event: Extract<HandoffEvent, { type: "HandoffCreated" }> }
  | { readonly type: "RecordLaunch"; readonly pid: number; readonly detached: boolean; readonly git?: GitAnchor }
  | {
      readonly type: "RecordExit";
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly timedOut: boolean;
      readonly cancelled: boolean;
      readonly changes?: GitChanges;
      readonly usage?: HandoffRecord["usage"];
      readonly overBudget?: string;
    }
  | { readonly type: "RecordFailure"; readonly error: string }
  | { readonly type: "RecordLost"; readonly reason: string }
  | { readonly type: "PickUp"; readonly by: string; readonly standalone: boolean; readonly cwd: string };

type Result = Either.Either<HandoffEvent[], DomainError>;

export const decideHandoff = (s: HandoffState, cmd: HandoffCommand): Result => {
  if (cmd.type === "CreateHandoff") return s.record ? Either.left(new Conflict({ condition: "AlreadyExists", message: `handoff ${s.record.id} exists` })) : Either.right([cmd.event]);
  const r = s.record;
  if (!r) return Either.left(new NotFound({ condition: "HandoffNotFound", message: "handoff not found" }));
  switch (cmd.type) {
    case "RecordLaunch":
      return allows(HANDOFF_TRANSITIONS, r.status, "launched") ? Either.right([{ type: "HandoffLaunched", data: { pid: cmd.pid, detached: cmd.detached, ...(cmd.git ? { git: cmd.git } : {}) } }]) : Either.left(new InvalidInput({ condition: "TransitionNotAllowed", message: `handoff ${r.id} is ${r.status}; cannot launch it again` }));
    case "RecordExit":
      return allows(HANDOFF_TRANSITIONS, r.status, "completed") ? Either.right([
            {
              type: "HandoffExited",
              data: {
                exitCode: cmd.exitCode,
                signal: cmd.signal,
                timedOut: cmd.timedOut,
                cancelled: cmd.cancelled,
                ...(cmd.changes ? { changes: cmd.changes } : {}),
                ...(cmd.usage !== undefined ? { usage: cmd.usage } : {}),
                ...(cmd.overBudget ? { overBudget: cmd.overBudget } : {}),
              },
            },
          ]) : Either.left(new InvalidInput({ condition: "TransitionNotAllowed", message: `handoff ${r.id} is ${r.status}; no run to record an exit for` }));
    case "RecordFailure":
      return allows(HANDOFF_TRANSITIONS, r.status, "failed") ? Either.right([{ type: "HandoffFailed", data: { error: cmd.error } }]) : Either.left(new InvalidInput({ condition: "TransitionNotAllowed", message: `handoff ${r.id} is already ${r.status}` }));
    case "RecordLost":
      // (only a launched run has a process to lose)
      return r.status === "launched" ? Either.right([{ type: "HandoffLost", data: { reason: cmd.reason } }]) : Either.left(new InvalidInput({ condition: "TransitionNotAllowed", message: `handoff ${r.id} is ${r.status}, not running` }));
    case "PickUp":
      if (r.consumedAt) return Either.left(new Conflict({ condition: "HandoffAlreadyPickedUp", message: `handoff ${r.id} was already picked up by ${r.pickedUpByAgent} at ${r.consumedAt}` }));
      return Either.right([{ type: "HandoffPickedUp", data: { by: cmd.by, standalone: cmd.standalone, cwd: cmd.cwd } }]);
  }
};
