// The audit trail across streams: list events with filters, and verify every chain.
import type { MergeConflict } from "@maestro/core/conflicts";
import { CorruptStore, InvalidInput, NotFound } from "@maestro/core/errors";
import { EVENT_GUARDS } from "@maestro/core/guards.generated";
import type { NewEvent, Recorded } from "@maestro/core/envelope";
import { readStream, tailEvents } from "@maestro/store/stream";
import { currentFold } from "./reads.js";
import { verifyStream, type VerifyReport } from "@maestro/store/verify";
import { limitOf, type At } from "./at.js";
import type { Ctx } from "./context.js";
import { conflictStreams, workspaceStreams as streamsOf, type AnyRef, type ConflictState, type StreamSelector } from "./streams.js";
import { requireWorkspace } from "./workspace.js";

export type { AnyRef, StreamSelector } from "./streams.js";

/** Every stream of the workspace that exists, or the ones selected. */
export const workspaceStreams = (ctx: Ctx, sel: StreamSelector = {}): AnyRef[] => streamsOf(requireWorkspace(ctx), sel);

export interface LogEntry {
  readonly stream: string;
  readonly seq: number;
  readonly id: string;
  readonly at: string;
  readonly actor: string;
  readonly type: string;
  readonly data: unknown;
}

export interface LogFilter {
  readonly type?: string;
  readonly actor?: string;
  readonly since?: number;
  readonly at?: At;
}

/** The newest `n` events across the selected streams, newest last, read from each log's end. */
/** The newest `n` events across streams (made by `at`, an ISO time, when given). */
export const recentEvents = async (ctx: Ctx, n: number, sel: StreamSelector = {}, at?: string): Promise<LogEntry[]> => {
  if (at !== undefined) return (await listEvents(ctx, sel, { at })).slice(-n);
  const out: LogEntry[] = [];
  for (const ref of workspaceStreams(ctx, sel)) {
    let tail: Recorded<NewEvent>[];
    try {
      tail = await tailEvents(ref, n);
    } catch (e) {
      // (what shows the last events still shows the other streams': the broken one is named)
      if (!(e instanceof CorruptStore)) throw e;
      ctx.warn(`${ref.label} is corrupt, so its last events are not shown; see \`maestro log verify\``);
      continue;
    }
    for (const e of tail) out.push({ stream: ref.label, seq: e.seq, id: e.id, at: e.at, actor: e.actor, type: e.type, data: e.data });
  }
  return byStreamThenTime(out).slice(-n);
};

/** Every event type a log may hold, for checking a `--type` filter. */
const EVENT_TYPES: readonly string[] = [...new Set(Object.values(EVENT_GUARDS).flatMap((kind) => Object.keys(kind)))].sort();

export const listEvents = async (ctx: Ctx, sel: StreamSelector, filter: LogFilter = {}): Promise<LogEntry[]> => {
  if (filter.type !== undefined && !EVENT_TYPES.includes(filter.type))
    throw new InvalidInput({ condition: "InvalidValue", message: `--type must be an event type (${EVENT_TYPES.join(", ")}), got ${JSON.stringify(filter.type)}` });
  const out: LogEntry[] = [];
  for (const ref of workspaceStreams(ctx, sel)) {
    const keep = (e: Recorded<NewEvent>) =>
      (filter.type === undefined || e.type === filter.type) && (filter.actor === undefined || e.actor === filter.actor) && (filter.since === undefined || e.seq > filter.since);
    const f = await readStream(ref, { collect: keep, ...(filter.at === undefined ? {} : { at: await limitOf(ref, filter.at) }) });
    for (const e of f.events) out.push({ stream: ref.label, seq: e.seq, id: e.id, at: e.at, actor: e.actor, type: e.type, data: e.data });
  }
  return byStreamThenTime(out);
};

/**
 * Events of several streams in one list: each stream's in its fold order (seq ascending, never
 * re-sorted by time, which a merge does not keep in order), and across streams the earliest head first.
 */
const byStreamThenTime = (events: readonly LogEntry[]): LogEntry[] => {
  const queues = new Map<string, LogEntry[]>();
  for (const e of events) (queues.get(e.stream) ?? queues.set(e.stream, []).get(e.stream)!).push(e);
  const heads = [...queues.values()].map((q) => q.sort((a, b) => a.seq - b.seq)).map((q) => ({ q, i: 0 }));
  const out: LogEntry[] = [];
  for (;;) {
    let best: (typeof heads)[number] | undefined;
    for (const h of heads) if (h.i < h.q.length && (!best || h.q[h.i]!.at < best.q[best.i]!.at || (h.q[h.i]!.at === best.q[best.i]!.at && h.q[h.i]!.stream < best.q[best.i]!.stream))) best = h;
    if (!best) return out;
    out.push(best.q[best.i++]!);
  }
};

export interface ConflictEntry extends MergeConflict {
  readonly stream: string;
  /** who settled it (`log settle`), or null while it is open */
  readonly settledBy: string | null;
}

/**
 * The merge conflicts of every stream that records them, oldest first: the open ones, or with
 * `all` the settled ones too; a corrupt stream is skipped, with a warning (verify names it).
 */
export const listConflicts = async (ctx: Ctx, o: { readonly all?: boolean } = {}): Promise<ConflictEntry[]> => {
  const out: ConflictEntry[] = [];
  for (const { ref } of conflictStreams(requireWorkspace(ctx))) {
    try {
      const s = (await currentFold(ctx, ref)).state as ConflictState;
      for (const c of s.conflicts) {
        const settledBy = Object.hasOwn(s.settled, c.id) ? s.settled[c.id]! : null;
        if (o.all || settledBy === null) out.push({ stream: ref.label, ...c, settledBy });
      }
    } catch (e) {
      if (!(e instanceof CorruptStore)) throw e;
      ctx.warn(`${ref.label} is corrupt, so its merge conflicts are not listed; see \`maestro log verify\``);
    }
  }
  return out.sort((a, b) => a.at.localeCompare(b.at) || a.stream.localeCompare(b.stream) || a.seq - b.seq);
};

/**
 * Records merge conflicts as seen and settled (one event in each stream they are of), so
 * `status` and `doctor` count only open ones: the ids given, or every open one.
 */
export const settleConflicts = async (ctx: Ctx, o: { readonly ids: readonly string[]; readonly all?: boolean; readonly note?: string }): Promise<ConflictEntry[]> => {
  const open = await listConflicts(ctx);
  const chosen = o.all ? open : o.ids.map((id) => open.find((c) => c.id === id) ?? id);
  const missing = chosen.find((c): c is string => typeof c === "string");
  if (missing !== undefined) throw new NotFound({ condition: "ConflictNotFound", message: `no open merge conflict ${JSON.stringify(missing)}; \`maestro log --conflicts\` lists the open ones with their ids` });
  const entries = chosen as ConflictEntry[];
  if (!entries.length) throw new InvalidInput({ condition: "NothingToChange", message: o.all ? "no open merge conflicts to settle" : "name the conflicts to settle (ids from `maestro log --conflicts`), or pass --all" });
  for (const { ref, settle } of conflictStreams(requireWorkspace(ctx))) {
    const ids = entries.filter((c) => c.stream === ref.label).map((c) => c.id);
    if (ids.length) await settle(ctx, ref, { type: "SettleConflicts", ids, ...(o.note !== undefined ? { note: o.note } : {}) });
  }
  return entries;
};

export const verifyAll = async (ctx: Ctx, sel: StreamSelector = {}): Promise<VerifyReport[]> => {
  const out: VerifyReport[] = [];
  for (const r of workspaceStreams(ctx, sel)) out.push(await verifyStream(r));
  return out;
};
