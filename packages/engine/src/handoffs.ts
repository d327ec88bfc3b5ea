// The handoff streams: where they live, one record, all of them, the tail of a run's output,
// and the stream's command (`runHandoffCommand`). Launching, supervising and picking up are
// launch.ts.
import { existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CorruptStore, InvalidInput, NotFound } from "@maestro/core/errors";
import type { HandoffEvent, HandoffRecord, HandoffState } from "@maestro/core/handoff/events";
import { decideHandoff, handoffStream, type HandoffCommand } from "@maestro/core/handoff/stream";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import { streamExists } from "@maestro/store/segments";
import { findWorkspace } from "@maestro/store/workspace";
import { readStream, type StreamRef } from "@maestro/store/stream";
import { limitOf, timeOnly, type At } from "./at.js";
import type { Ctx } from "./context.js";

export const handoffsDir = (ctx: Ctx) => join(ctx.home, "handoff");
/** The directory of one handoff (its id checked: it names a directory). */
export const handoffDir = (ctx: Ctx, id: string) => {
  if (!USER_ID_PATTERN.test(id)) throw new InvalidInput({ condition: "InvalidValue", message: `invalid handoff id ${JSON.stringify(id)}` });
  return join(handoffsDir(ctx), id);
};
/** The stream of one handoff under $MAESTRO_HOME/handoff/<id>/. */
export const handoffStreamRef = (ctx: Ctx, id: string): StreamRef<HandoffState, HandoffEvent> => {
  const dir = handoffDir(ctx, id);
  // only this machine writes a launch's log: one fixed segment, no git to ask
  return { kind: handoffStream, dir, label: `handoff ${id}`, lockPath: join(dir, "stream.lock"), writer: { fixed: HANDOFF_SEGMENT } };
};
const HANDOFF_SEGMENT = "events.jsonl";

/** Records one step of a launch (the appender loaded by the first); keeps a derived handoff.json for people, the log stays the truth. */
export const runHandoffCommand = async (ctx: Ctx, id: string, cmd: HandoffCommand): Promise<HandoffRecord> => {
  const [{ appendEvents }, { appendMetaOf }] = await Promise.all([import("@maestro/store/append"), import("./context.js")]);
  const r = await appendEvents(handoffStreamRef(ctx, id), (f) => decideHandoff(f.state, cmd), appendMetaOf(ctx));
  const rec = r.state.record!;
  writeFileSync(join(handoffDir(ctx, id), "handoff.json"), JSON.stringify(rec, null, 2) + "\n");
  return rec;
};

/** One launch as it stands (or as it stood `at` a point of its own stream, or a time). */
export const loadHandoff = async (ctx: Ctx, id: string, at?: At): Promise<HandoffRecord> => {
  const ref = handoffStreamRef(ctx, id);
  if (!streamExists(ref)) throw new NotFound({ condition: "HandoffNotFound", message: `handoff "${id}" not found in ${handoffsDir(ctx)}; see \`maestro handoff list\`` });
  const rec = (await readStream(ref, at === undefined ? {} : { at: await limitOf(ref, at) })).state.record;
  if (!rec) throw new NotFound({ condition: "HandoffNotFound", message: at === undefined ? `handoff "${id}" has no HandoffCreated event` : `handoff "${id}" did not exist yet at ${at}` });
  return rec;
};

/** Whether two paths name one directory (symlinks resolved). */
export const sameDir = (a: string, b: string) => {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return a === b;
  }
};

/**
 * Launches in the global store, oldest first: those made from the current project (as the
 * original tool's list did), or every project's with `allProjects` (or outside any project).
 */
export const listHandoffs = async (ctx: Ctx, o: { readonly allProjects?: boolean; readonly at?: string } = {}): Promise<HandoffRecord[]> => {
  // (launches are streams of their own: only a time is one moment in all of them)
  const at = o.at === undefined ? undefined : { time: new Date(timeOnly(o.at, "launches")).toISOString() };
  const dir = handoffsDir(ctx);
  if (!existsSync(dir)) return [];
  const here = o.allProjects ? undefined : findWorkspace(ctx.cwd)?.root;
  const records: HandoffRecord[] = [];
  for (const id of readdirSync(dir).filter((x) => USER_ID_PATTERN.test(x) && streamExists({ dir: join(dir, x) }))) {
    let r: HandoffRecord | null;
    try {
      r = (await readStream(handoffStreamRef(ctx, id), at ? { at } : {})).state.record;
    } catch (e) {
      // one broken launch record must not hide the others (nor stop doctor, which names and mends it)
      if (!(e instanceof CorruptStore)) throw e;
      ctx.warn(`${e.message.split(";")[0]}: left out; see \`maestro doctor\``);
      continue;
    }
    if (r && (here === undefined || sameDir(r.sourceDir, here))) records.push(r);
  }
  return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
};

export const outputTail = (rec: HandoffRecord, lines = 20): string[] => {
  try {
    return readFileSync(rec.outputPath, "utf8").split("\n").filter((l, i, all) => l !== "" || i < all.length - 1).slice(-lines);
  } catch {
    return [];
  }
};

