// `maestro compact`: each stream's committed segments (those git tracks) rewritten into one
// compacted file, the originals removed; the next commit carries both changes. Segments git
// does not track yet are a writer's open work and stay. A stream that does not verify is not
// touched. Order and state are unchanged: the fold reads the same lines.
import { CorruptStore } from "@maestro/core/errors";
import { compactFiles } from "@maestro/store/compact";
import { withLock } from "@maestro/store/lock";
import { sourceFiles } from "@maestro/store/segments";
import { verifyStream } from "@maestro/store/verify";
import { trackedFiles } from "@maestro/store/writer";
import type { Ctx } from "./context.js";
import { workspaceStreams, type StreamSelector } from "./log.js";
import { requireWorkspace } from "./workspace.js";

export interface CompactResult {
  readonly stream: string;
  /** segment files before and after */
  readonly before: number;
  readonly after: number;
  /** events now in the compacted file (0: nothing to do) */
  readonly events: number;
  readonly file: string | null;
}

export const compactStreams = async (ctx: Ctx, sel: StreamSelector = {}): Promise<CompactResult[]> => {
  const ws = requireWorkspace(ctx);
  const out: CompactResult[] = [];
  for (const ref of workspaceStreams(ctx, sel)) {
    // verifying decodes every line: the Schema codec first
    await ref.kind.codec.load();
    out.push(
      await withLock(ref.lockPath, ref.label, async () => {
        const v = (await verifyStream(ref));
        if (!v.ok) throw new CorruptStore({ condition: "StreamCorrupt", message: `${ref.label} does not verify (${v.problem!.file}:${v.problem!.line}: ${v.problem!.reason}); mend it before compacting`, stream: ref.label });
        const files = sourceFiles(ref);
        const tracked = trackedFiles(ws.root, [ref.dir, ...(ref.legacy ? [ref.legacy] : [])]);
        const c = compactFiles(ref, files.filter((f) => tracked.has(f.path)));
        return { stream: ref.label, before: files.length, after: sourceFiles(ref).length, events: c?.lines ?? 0, file: c?.path ?? null };
      }),
    );
  }
  return out;
};
