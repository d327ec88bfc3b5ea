// The events of one handoff launch (its own stream under $MAESTRO_HOME/handoff/<id>/), and the
// record folded from them. One launch: created -> launched -> exited (completed | failed),
// or created -> failed when the agent could not start; a pickup consumes it exactly once.
import * as Schema from "effect/Schema";
import type { EventOf } from "../envelope.js";
import { makeCodec } from "../schema-codec.js";
import { AGENT_NAMES, HANDOFF_STATUSES } from "./values.js";
import type { RunBudget } from "./facts.js";
export type { GitAnchor, GitChanges, GitWork, RunBudget } from "./facts.js";

export const AgentName = Schema.Literal(...AGENT_NAMES);
export type AgentName = typeof AgentName.Type;
export const HandoffStatus = Schema.Literal(...HANDOFF_STATUSES);
export type HandoffStatus = typeof HandoffStatus.Type;

export const HandoffRefs = Schema.Struct({
  taskId: Schema.NullOr(Schema.String),
  missionId: Schema.NullOr(Schema.String),
  featureId: Schema.NullOr(Schema.String),
});
export const Worktree = Schema.Struct({ path: Schema.String, branch: Schema.String, base: Schema.String });

// (each below is one struct on the wire, with the keys of its cases optional: the generated
// guards read a struct, but not a union of two, so a valid line needs no Schema; facts.ts gives
// the precise cases back, without Schema, for the folds)

/** Where a run started in git, or why it has no git facts (outside a repository: never an error). */
export const GitAnchorWire = Schema.Struct({
  head: Schema.optional(Schema.NullOr(Schema.String)),
  branch: Schema.optional(Schema.NullOr(Schema.String)),
  worktree: Schema.optional(Schema.String),
  unavailable: Schema.optional(Schema.String),
});

const Commit = Schema.Struct({ sha: Schema.String, subject: Schema.String, author: Schema.String });
const FileChange = Schema.Struct({ path: Schema.String, added: Schema.NullOr(Schema.Number), removed: Schema.NullOr(Schema.Number), uncommitted: Schema.Boolean });
/** What a run changed in git since its anchor: commits made, files changed (committed or left uncommitted); or why it cannot say. */
export const GitChangesWire = Schema.Struct({
  after: Schema.optional(Schema.Struct({ head: Schema.NullOr(Schema.String), branch: Schema.NullOr(Schema.String) })),
  commits: Schema.optional(Schema.Array(Commit)),
  files: Schema.optional(Schema.Array(FileChange)),
  baseReachable: Schema.optional(Schema.Boolean),
  unavailable: Schema.optional(Schema.String),
});

/** What a run used, from the agent CLI's own output; a cost not reported is `estimated` from `prices.<model>`. */
export const RunUsage = Schema.Struct({
  inputTokens: Schema.Number,
  outputTokens: Schema.Number,
  cachedTokens: Schema.Number,
  model: Schema.NullOr(Schema.String),
  costUsd: Schema.NullOr(Schema.Number),
  estimated: Schema.Boolean,
});
/** What a run may spend: dollars or tokens (one of the two). */
export const RunBudgetWire = Schema.Struct({ usd: Schema.optional(Schema.Number), tokens: Schema.optional(Schema.Number) });

export const HandoffEventDefs = {
  HandoffCreated: {
    v: 1,
    data: Schema.Struct({
      handoffId: Schema.String,
      name: Schema.NullOr(Schema.String),
      agent: AgentName,
      model: Schema.NullOr(Schema.String),
      task: Schema.String,
      /** the project (workspace root) it was made in; task-linked pickups must happen there */
      sourceDir: Schema.String,
      targetDir: Schema.String,
      promptPath: Schema.String,
      outputPath: Schema.String,
      argv: Schema.Array(Schema.String),
      refs: HandoffRefs,
      worktree: Schema.NullOr(Worktree),
      timeoutMs: Schema.NullOr(Schema.Number),
      /** the runs of the same feature it was launched beside, with --force */
      alongside: Schema.optional(Schema.Array(Schema.String)),
      /** what the run may spend (`--budget`, else `budget.handoff`): past it, it is stopped */
      budget: Schema.optional(RunBudgetWire),
    }),
  },
  /** `git`: where the run started (its worktree's HEAD and branch) */
  HandoffLaunched: { v: 2, data: Schema.Struct({ pid: Schema.Number, detached: Schema.Boolean, git: Schema.optional(GitAnchorWire) }), upcast: { 1: (d: unknown) => d } },
  /**
   * `cancelled`: the person waiting stopped it (Ctrl-C on `handoff --wait`), and maestro stopped its process group;
   * `changes`: what it did in git since it started; `usage`: what it used (null: the CLI said nothing of it);
   * `overBudget`: it passed its budget while streaming and was stopped (how far)
   */
  HandoffExited: {
    v: 3,
    data: Schema.Struct({
      exitCode: Schema.NullOr(Schema.Number),
      signal: Schema.NullOr(Schema.String),
      timedOut: Schema.Boolean,
      cancelled: Schema.Boolean,
      changes: Schema.optional(GitChangesWire),
      usage: Schema.optional(Schema.NullOr(RunUsage)),
      overBudget: Schema.optional(Schema.String),
    }),
    upcast: { 1: (d: unknown) => ({ ...(d as object), cancelled: false }), 2: (d: unknown) => d },
  },
  HandoffFailed: { v: 1, data: Schema.Struct({ error: Schema.String }) },
  /** doctor found the run's process gone with no exit recorded (its supervisor died too) */
  HandoffLost: { v: 1, data: Schema.Struct({ reason: Schema.String }) },
  HandoffPickedUp: { v: 1, data: Schema.Struct({ by: Schema.String, standalone: Schema.Boolean, cwd: Schema.String }) },
} as const;

export type HandoffEvent = EventOf<typeof HandoffEventDefs>;
export const handoffCodec = makeCodec("handoff", HandoffEventDefs);

export interface HandoffRecord {
  readonly id: string;
  readonly name: string | null;
  readonly agent: AgentName;
  readonly model: string | null;
  readonly status: HandoffStatus;
  readonly task: string;
  readonly sourceDir: string;
  readonly targetDir: string;
  readonly promptPath: string;
  readonly outputPath: string;
  readonly argv: readonly string[];
  readonly refs: typeof HandoffRefs.Type;
  readonly worktree: typeof Worktree.Type | null;
  readonly createdAt: string;
  readonly createdByAgent: string;
  readonly pid: number | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly timeoutMs: number | null;
  readonly error: string | null;
  readonly pickedUpByAgent: string | null;
  readonly consumedAt: string | null;
  /** where the run started in git and what it changed (`handoff show --json`'s `git`); null before its launch */
  readonly git: RunGit | null;
  /** what it used and cost; null while running, or when the CLI said nothing of it */
  readonly usage: typeof RunUsage.Type | null;
  readonly budget: RunBudget | null;
  /** how far past its budget it was when stopped */
  readonly overBudget: string | null;
}

export interface RunGit {
  readonly before: { readonly head: string | null; readonly branch: string | null; readonly worktree: string } | null;
  readonly after: { readonly head: string | null; readonly branch: string | null } | null;
  readonly commits: readonly { readonly sha: string; readonly subject: string; readonly author: string }[];
  readonly files: readonly { readonly path: string; readonly added: number | null; readonly removed: number | null; readonly uncommitted: boolean }[];
  readonly baseReachable: boolean;
  /** why there are no git facts (outside a repository) */
  readonly unavailable: string | null;
}

export interface HandoffState {
  readonly seq: number;
  readonly record: HandoffRecord | null;
}
