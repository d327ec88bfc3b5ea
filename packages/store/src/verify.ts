// `log verify` for one stream: every segment's chain (contiguous seq, prev hashes, a clock
// that only grows), every event's schema, and every cross-segment reference an event recorded
// (the segment exists, holds that line, its hash matches and its clock is lower). A segment
// two files hold (compacted and not) must hold the same lines. Names the first bad line by
// file and line; torn tails are reported apart, as the writer repairs them.
import * as Either from "effect/Either";
import { parseEnvelope, withCodecs } from "@maestro/core/codec";
import type { NewEvent } from "@maestro/core/envelope";
import { lineHash } from "./hash.js";
import { LineTooLong, MAX_LINE, scanLines } from "./lines.js";
import { MAX_CLOCK, sourceFiles, unwrapCompacted, type StreamRef } from "./segments.js";
import { badLineReason } from "./stream.js";

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
  const torn: { file: string; bytes: number }[] = [];
  let problem: { file: string; line: number; reason: string } | undefined;
  // every line, checked alone and filed under its segment and seq
  for (const file of sourceFiles(ref)) {
    let lineNo = 0;
    let scan: ReturnType<typeof scanLines>;
    try {
    scan = scanLines(file.path, 0, (buf, from, to) => {
      lineNo++;
      let text = buf.toString("utf8", from, to);
      let segment = file.name;
      const fail = (reason: string) => {
        problem = { file: file.path, line: lineNo, reason: badLineReason(text, reason) };
        return false;
      };
      if (file.compacted) {
        if (lineNo === 1) return; // the header
        const u = unwrapCompacted(text);
        if (typeof u === "string") return fail(u);
        segment = u.seg;
        text = u.line;
      }
      const env = parseEnvelope(text);
      if (Either.isLeft(env)) return fail(env.left);
      const e = env.right;
      const decoded = ref.kind.codec.decode(e);
      if (Either.isLeft(decoded)) return fail(decoded.left);
      const lines = segments.get(segment) ?? [];
      segments.set(segment, lines);
      const hash = lineHash(text);
      const known = lines[e.seq - 1];
      if (known && known.file === file.path) return fail(`segment ${segment} has line ${e.seq} twice in one file`);
      if (known && known.hash !== hash) return fail(`segment ${segment} line ${e.seq} differs from the one in ${known.file} (a fork it cannot explain)`);
      if ((e.clock ?? e.seq) > MAX_CLOCK) return fail(`clock ${e.clock} is past the bound of ${MAX_CLOCK} (a hostile or broken line)`);
      lines[e.seq - 1] ??= { hash, prev: e.prev, clock: e.clock ?? e.seq, id: e.id, seen: e.seen, file: file.path, line: lineNo };
    });
    } catch (e) {
      if (!(e instanceof LineTooLong)) throw e;
      problem = { file: file.path, line: lineNo + 1, reason: `a line of over ${MAX_LINE >> 20} MiB (a log line is a few KiB)` };
      break;
    }
    if (problem) break;
    if (scan.trailing) torn.push({ file: file.path, bytes: scan.trailing.length });
  }
  // then each segment's chain, event ids across segments, and what each event saw
  let events = 0;
  const ids = new Map<string, string>();
  const check = (): { file: string; line: number; reason: string } | undefined => {
    for (const [segment, lines] of segments) {
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (!l) {
          const next = lines.slice(i).find(Boolean)!;
          return { file: next.file, line: next.line, reason: `segment ${segment} has no line ${i + 1} (a line before it was removed)` };
        }
        const before = lines[i - 1];
        if (l.prev !== (before?.hash ?? "")) return { file: l.file, line: l.line, reason: `prev hash does not match line ${i} of segment ${segment} (a line before it was edited, removed or inserted)` };
        if (before && l.clock <= before.clock) return { file: l.file, line: l.line, reason: `clock ${l.clock} does not grow past ${before.clock} in segment ${segment}` };
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
