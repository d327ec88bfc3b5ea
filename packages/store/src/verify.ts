// `log verify` for one stream: walks every line checking the envelope, contiguous seq, the
// prev-hash chain and the event schema, and names the first bad line.
import * as Either from "effect/Either";
import { parseEnvelope } from "@maestro/core/codec";
import type { NewEvent } from "@maestro/core/envelope";
import { lineHash } from "./hash.js";
import { scanLines } from "./lines.js";
import type { StreamRef } from "./stream.js";

export interface VerifyReport {
  readonly stream: string;
  readonly path: string;
  readonly events: number;
  readonly headHash: string;
  readonly ok: boolean;
  readonly problem?: { readonly line: number; readonly reason: string };
  /** bytes of a torn last write, which the next append quarantines */
  readonly tornBytes: number;
}

export const verifyStream = <S, E extends NewEvent>(ref: StreamRef<S, E>): VerifyReport => {
  let n = 0;
  let prev = "";
  let problem: { line: number; reason: string } | undefined;
  const scan = scanLines(ref.path, 0, (buf, lineFrom, lineTo) => {
    const line = buf.subarray(lineFrom, lineTo);
    const lineNo = n + 1;
    const text = line.toString("utf8");
    const checked = Either.flatMap(parseEnvelope(text), (env) => {
      if (env.seq !== lineNo) return Either.left(`seq ${env.seq} where ${lineNo} was expected`);
      if (env.prev !== prev) return Either.left(`prev hash does not match line ${lineNo - 1} (a line before it was edited, removed or inserted)`);
      return ref.kind.codec.decode(env);
    });
    if (Either.isLeft(checked)) {
      problem = { line: lineNo, reason: checked.left };
      return false;
    }
    prev = lineHash(line);
    n = lineNo;
  });
  const tornBytes = problem ? 0 : (scan.trailing?.length ?? 0);
  return { stream: ref.label, path: ref.path, events: n, headHash: prev, ok: !problem, ...(problem ? { problem } : {}), tornBytes };
};
