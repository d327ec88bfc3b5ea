// What a handoff is asked with, declared once as a Schema the engine decodes the request with
// before it writes a brief or starts anything.
import * as Schema from "effect/Schema";
import { USER_ID_PATTERN } from "../ids.js";
import { FreeText, OneLine, Optional } from "../input-fields.js";
import { AGENT_NAMES } from "./values.js";

/** a name that becomes a directory or a branch */
const Name = (flag: string) => Schema.String.pipe(Schema.filter((s) => USER_ID_PATTERN.test(s) || `${flag} ${JSON.stringify(s)}: use 1-64 of a-z 0-9 . _ -`));

export const HandoffRequest = Schema.Struct({
  task: FreeText("the handoff's task").pipe(Schema.filter((s) => s.trim().length > 0 || 'the handoff needs a task: maestro handoff "<what to do>" --agent codex')),
  agent: Schema.Literal(...AGENT_NAMES),
  model: Optional(OneLine("--model")),
  name: Optional(Name("--name")),
  missionId: Optional(OneLine("--mission")),
  featureId: Optional(OneLine("--feature")),
  taskRef: Optional(OneLine("--task-id")),
  /** true: a worktree named after the launch */
  worktree: Optional(Schema.Union(Name("--worktree"), Schema.Literal(true))),
  base: Optional(OneLine("--base")),
  wait: Schema.Boolean,
  timeoutMs: Optional(Schema.Number),
  /** launch although another run of the same feature is active (recorded) */
  force: Optional(Schema.Boolean),
  /** with wait: Ctrl-C leaves the run going under its supervisor (detached), instead of stopping it */
  detachOnInterrupt: Optional(Schema.Boolean),
  /** what this run may spend (`$2`, `300k tokens`); else `budget.handoff` */
  budget: Optional(OneLine("--budget")),
  /** the bin to run as the detached supervisor (`maestro handoff _supervise <id>`) */
  selfBin: Schema.String,
});
export type HandoffRequest = typeof HandoffRequest.Type;
