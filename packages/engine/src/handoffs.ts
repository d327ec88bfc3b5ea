// Handoffs as read: where they live, one record, all of them, the tail of a run's output. The
// use cases that launch, supervise and pick up are in handoff.ts.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import type { HandoffEvent, HandoffRecord, HandoffState } from "@maestro/core/handoff/events";
import { handoffStream } from "@maestro/core/handoff/stream";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import { foldStream, type StreamRef } from "@maestro/store/stream";
import type { Ctx } from "./context.js";

export const handoffsDir = (ctx: Ctx) => join(ctx.home, "handoff");
/** The directory of one handoff (its id checked: it names a directory). */
export const handoffDir = (ctx: Ctx, id: string) => {
  if (!USER_ID_PATTERN.test(id)) throw new InvalidInput({ message: `invalid handoff id ${JSON.stringify(id)}` });
  return join(handoffsDir(ctx), id);
};
/** The stream of one handoff under $MAESTRO_HOME/handoff/<id>/. */
export const handoffStreamRef = (ctx: Ctx, id: string): StreamRef<HandoffState, HandoffEvent> => ({ kind: handoffStream, path: join(handoffDir(ctx, id), "events.jsonl"), label: `handoff ${id}` });

export const loadHandoff = (ctx: Ctx, id: string): HandoffRecord => {
  const ref = handoffStreamRef(ctx, id);
  if (!existsSync(ref.path)) throw new NotFound({ message: `handoff "${id}" not found in ${handoffsDir(ctx)}; see \`maestro handoff list\`` });
  const rec = foldStream(ref).state.record;
  if (!rec) throw new NotFound({ message: `handoff "${id}" has no HandoffCreated event` });
  return rec;
};

export const listHandoffs = (ctx: Ctx): HandoffRecord[] => {
  const dir = handoffsDir(ctx);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((id) => USER_ID_PATTERN.test(id) && existsSync(join(dir, id, "events.jsonl")))
    .map((id) => foldStream(handoffStreamRef(ctx, id)).state.record)
    .filter((r): r is HandoffRecord => r !== null)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
};

export const outputTail = (rec: HandoffRecord, lines = 20): string[] => {
  try {
    return readFileSync(rec.outputPath, "utf8").split("\n").filter((l, i, all) => l !== "" || i < all.length - 1).slice(-lines);
  } catch {
    return [];
  }
};

