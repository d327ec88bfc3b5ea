// The streams of a workspace, one row each: how to find its streams, what selects it, whether
// its fold records merge conflicts and how a settle of them is recorded. Listing, verifying,
// compacting, health and `log settle` all go through this table, so a new stream is one row.
// (The launches in $MAESTRO_HOME are not a workspace's: handoffs.ts lists them.)
import type { MergeConflict } from "@maestro/core/conflicts";
import type { NewEvent } from "@maestro/core/envelope";
import { streamExists } from "@maestro/store/segments";
import type { StreamRef } from "@maestro/store/stream";
import type { Workspace } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";
import { memoryRef, principlesRef } from "./knowledge.js";
import { missionIds, missionRef } from "./missions.js";
import { tasksRef } from "./tasks.js";

export type AnyRef = StreamRef<unknown, NewEvent>;

export interface StreamSelector {
  readonly mission?: string;
  readonly tasks?: boolean;
  readonly principles?: boolean;
  readonly memory?: boolean;
}

type Settle = { readonly type: "SettleConflicts"; readonly ids: string[]; readonly note?: string };

interface StreamRow {
  /** its streams in this workspace (several for missions), whether or not they exist yet */
  readonly refs: (ws: Workspace, sel: StreamSelector) => AnyRef[];
  readonly selected: (sel: StreamSelector) => boolean;
  /** records merge conflicts in its state (`conflicts`, `settled`); how a settle of them is written */
  readonly settle?: (ctx: Ctx, ref: AnyRef, cmd: Settle) => Promise<unknown>;
}

const any = <S, E extends NewEvent>(r: StreamRef<S, E>) => r as unknown as AnyRef;
const missionOfLabel = (ref: AnyRef) => ref.label.slice("mission ".length);

// (each stream's command is loaded only by a settle)
const STREAMS: readonly StreamRow[] = [
  { refs: (ws) => [any(tasksRef(ws))], selected: (s) => s.tasks === true, settle: async (ctx, _, cmd) => (await import("./tasks.js")).runTaskCommand(ctx, cmd) },
  { refs: (ws) => [any(principlesRef(ws))], selected: (s) => s.principles === true, settle: async (ctx, _, cmd) => (await import("./knowledge.js")).runPrincipleCommand(ctx, cmd) },
  { refs: (ws) => [any(memoryRef(ws))], selected: (s) => s.memory === true },
  {
    refs: (ws, sel) => (sel.mission ? [sel.mission] : missionIds(ws)).map((id) => any(missionRef(ws, id))),
    selected: (s) => s.mission !== undefined,
    settle: async (ctx, ref, cmd) => (await import("./missions.js")).runMissionCommand(ctx, missionOfLabel(ref), cmd),
  },
];

/** The streams of the workspace that exist: all, or the ones selected. */
export const workspaceStreams = (ws: Workspace, sel: StreamSelector = {}): AnyRef[] => {
  const all = !STREAMS.some((row) => row.selected(sel));
  return STREAMS.filter((row) => all || row.selected(sel)).flatMap((row) => row.refs(ws, sel).filter((r) => streamExists(r)));
};

/** The streams whose folds record merge conflicts, with how a settle of theirs is written. */
export const conflictStreams = (ws: Workspace): { readonly ref: AnyRef; readonly settle: NonNullable<StreamRow["settle"]> }[] =>
  STREAMS.flatMap((row) => (row.settle ? row.refs(ws, {}).filter((r) => streamExists(r)).map((ref) => ({ ref, settle: row.settle! })) : []));

export type ConflictState = { readonly conflicts: readonly MergeConflict[]; readonly settled: Readonly<Record<string, string>> };
