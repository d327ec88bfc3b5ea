// `log verify` for one stream: what the ordered reader checks (contiguous seq, a clock that
// only grows, one line per (segment, seq)), every event's schema, every segment's hash chain,
// unique event ids, and every cross-segment reference an event recorded (the segment exists,
// holds that line, its hash matches and its clock is lower). Names the first bad line by file
// and line; torn tails are reported apart, as the writer repairs them.
import * as Either from "effect/Either";
import { withCodecs } from "@maestro/core/codec";
import type { NewEvent } from "@maestro/core/envelope";
import { lineHash } from "./hash.js";
import { BadLine, OrderedLines } from "./ordered.js";
import { sourceFiles, type StreamRef } from "./segments.js";

export interface VerifyReport {
  readonly stream: string;
  /** the stream's folder */
  readonly path: string;
  readonly events: number;
  readonly segments: number;
  readonly ok: boolean;
  /** the first bad line: its file, its line there, and why */
  readonly problem?: { readonly file: string; readonly line: number; readonly reason: string };
  /** torn last writes, which the writer (or doctor --repair) quarantines */
  readonly torn: readonly { readonly file: string; readonly bytes: number }[];
  readonly tornBytes: number;
}

interface Line {
  readonly hash: string;
  readonly prev: string;
  readonly clock: number;
  readonly id: string;
  readonly seen: Readonly<Record<string, { readonly seq: number; readonly hash: string }>> | undefined;
  readonly file: string;
  readonly line: number;
}

export const verifyStream = <S, E extends NewEvent>(ref: StreamRef<S, E>): Promise<VerifyReport> => withCodecs(() => verifySync(ref));

const verifySync = <S, E extends NewEvent>(ref: StreamRef<S, E>): VerifyReport => {
  const segments = new Map<string, Line[]>();
  let problem: { file: string; line: number; reason: string } | undefined;
  // every line in fold order, checked by the ordered reader and the stream's schema, filed under its segment
  const lines = new OrderedLines(sourceFiles(ref));
  try {
    for (let l = lines.next(); l; l = lines.next()) {
      const decoded = ref.kind.codec.decode(l.env);
      if (Either.isLeft(decoded)) {
        problem = { file: l.file.path, line: l.line, reason: decoded.left };
        break;
      }
      const list = segments.get(l.segment) ?? [];
      segments.set(l.segment, list);
      list.push({ hash: lineHash(l.text), prev: l.env.prev, clock: l.clock, id: l.env.id, seen: l.env.seen, file: l.file.path, line: l.line });
    }
  } catch (e) {
    if (!(e instanceof BadLine)) throw e;
    problem = { file: e.file.path, line: e.line, reason: e.reason };
  } finally {
    lines.close();
  }
  const torn = lines.torn.map((t) => ({ file: t.path, bytes: t.bytes.length }));
  // then each segment's chain, event ids across segments, and what each event saw
  let events = 0;
  const ids = new Map<string, string>();
  const check = (): { file: string; line: number; reason: string } | undefined => {
    for (const [segment, lines] of segments) {
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i]!;
        const before = lines[i - 1];
        // (seq and clock are the ordered reader's checks; the hash chain is this one's)
        if (l.prev !== (before?.hash ?? "")) return { file: l.file, line: l.line, reason: `prev hash does not match line ${i} of segment ${segment} (a line before it was edited, removed or inserted)` };
        const twice = ids.get(l.id);
        if (twice) return { file: l.file, line: l.line, reason: `event id ${l.id} is also in segment ${twice}` };
        ids.set(l.id, segment);
        events++;
      }
    }
    for (const lines of segments.values())
      for (const l of lines)
        for (const [s, at] of Object.entries(l.seen ?? {})) {
          const target = segments.get(s)?.[at.seq - 1];
          const reason = !target
            ? `it saw line ${at.seq} of segment ${s}, which is missing (deleted, or not merged in yet)`
            : target.hash !== at.hash
              ? `it saw line ${at.seq} of segment ${s} with another hash (that line was edited)`
              : target.clock >= l.clock
                ? `its clock ${l.clock} is not past line ${at.seq} of segment ${s} (clock ${target.clock}), which it saw`
                : undefined;
          if (reason) return { file: l.file, line: l.line, reason };
        }
    return undefined;
  };
  problem ??= check();
  const tornBytes = torn.reduce((n, t) => n + t.bytes, 0);
  return { stream: ref.label, path: ref.dir, events, segments: segments.size, ok: !problem, ...(problem ? { problem } : {}), torn, tornBytes };
};
