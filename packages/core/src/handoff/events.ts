// The events of one handoff launch (its own stream under $MAESTRO_HOME/handoff/<id>/), and the
// record folded from them. One launch: created -> launched -> exited (completed | failed),
// or created -> failed when the agent could not start; a pickup consumes it exactly once.
import * as Schema from "effect/Schema";
import type { EventOf } from "../envelope.js";
import { makeCodec } from "../schema-codec.js";
import { AGENT_NAMES, HANDOFF_STATUSES } from "./values.js";

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
    }),
  },
  HandoffLaunched: { v: 1, data: Schema.Struct({ pid: Schema.Number, detached: Schema.Boolean }) },
  /** `cancelled`: the person waiting stopped it (Ctrl-C on `handoff --wait`), and maestro stopped its process group */
  HandoffExited: { v: 2, data: Schema.Struct({ exitCode: Schema.NullOr(Schema.Number), signal: Schema.NullOr(Schema.String), timedOut: Schema.Boolean, cancelled: Schema.Boolean }), upcast: { 1: (d: unknown) => ({ ...(d as object), cancelled: false }) } },
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
}

export interface HandoffState {
  readonly seq: number;
  readonly record: HandoffRecord | null;
}
