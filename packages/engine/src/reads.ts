// A read session: what one screen or report reads, each stream folded once however many
// queries ask (Mission Control's refresh, status). Only whole, current folds are shared; a
// fold at a point of history or collecting events is the caller's own. Opt-in, and short-lived:
// a session's folds are as of when it began, so a command that writes does not use one.
import type { NewEvent } from "@maestro/core/envelope";
import { readStream, type Folded, type StreamRef } from "@maestro/store/stream";
import type { Ctx } from "./context.js";

export const readSession = (ctx: Ctx): Ctx => ({ ...ctx, reads: new Map() });

/** The stream's current fold, shared within the context's read session (if it has one). */
export const currentFold = <S, E extends NewEvent>(ctx: Ctx, ref: StreamRef<S, E>): Promise<Folded<S, E>> => {
  if (!ctx.reads) return readStream(ref);
  const known = ctx.reads.get(ref.dir) as Promise<Folded<S, E>> | undefined;
  if (known) return known;
  const fold = readStream(ref);
  ctx.reads.set(ref.dir, fold);
  return fold;
};
