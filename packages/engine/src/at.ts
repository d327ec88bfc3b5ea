// `--at`: where in a stream's history a read looks. A seq is a position in the fold order (a
// merge can shift it: events that sort before it may arrive); an event id means the state its
// writer saw, plus the event; a checkpoint id its version vector; an ISO time the events made
// by then. Ids, checkpoints and times mean the same before and after any merge.
import type { NewEvent } from "@maestro/core/envelope";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import { causalPast, readStream, type FoldLimit, type StreamRef } from "@maestro/store/stream";

export type At = number | string;

const ISO = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** `--at` for a read across streams: only a time is one moment in all of them (a seq or an id is a point in one). */
export const timeOnly = (at: At, across = "missions"): string => {
  const text = String(at).trim();
  if (ISO.test(text) && !Number.isNaN(Date.parse(text))) return text;
  throw new InvalidInput({ condition: "InvalidValue", message: `--at on a read across ${across} takes an ISO time (e.g. 2026-12-01T12:00:00Z), got ${JSON.stringify(text)}` });
};

/** The fold limit `--at` names; `checkpoint` looks a checkpoint id up (missions have them). */
export const limitOf = async <S, E extends NewEvent>(
  ref: StreamRef<S, E>,
  at: At,
  checkpoint?: (id: string) => Promise<Readonly<Record<string, number>> | undefined>,
): Promise<FoldLimit> => {
  const text = String(at).trim();
  if (/^\d+$/.test(text)) {
    const seq = Number(text);
    if (seq < 1) throw new InvalidInput({ condition: "InvalidValue", message: `--at takes an event seq from 1, got ${text}` });
    return { seq };
  }
  if (text.startsWith("ev_")) {
    const f = await readStream(ref, { seen: true, collect: (e) => e.id === text });
    const e = f.events[0];
    if (!e) throw new NotFound({ condition: "EventNotFound", message: `--at ${text}: no such event in ${ref.label}; see \`maestro log\`` });
    return { vector: causalPast(f, e.segment, e.pos) };
  }
  if (text.startsWith("ckp_") && checkpoint) {
    const vector = await checkpoint(text);
    if (!vector) throw new NotFound({ condition: "CheckpointNotFound", message: `--at ${text}: no such checkpoint in ${ref.label}; see \`maestro checkpoint list\`` });
    return { vector };
  }
  if (ISO.test(text) && !Number.isNaN(Date.parse(text))) return { time: new Date(text).toISOString() };
  throw new InvalidInput({ condition: "InvalidValue", message: `--at takes an event seq, an event id (ev_...), ${checkpoint ? "a checkpoint id (ckp_...), " : ""}or an ISO time, got ${JSON.stringify(text)}` });
};
