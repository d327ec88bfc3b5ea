// The fold over segments is a function of the set of lines, not of how they are laid out:
// simulated clones (each a folder, writing through the real append to a segment of its own,
// starting a new one at each "commit", and "pulling" by copying the other's files) fold to
// the same state whatever order they wrote and met in, and `--at N` is the fold of the first N
// lines in that order; compacting any committed files, or
// holding a line twice (compacted and not), changes nothing; continuing a fold after a
// "merge" brings files in equals folding from scratch.
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as Either from "effect/Either";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldEvents, tasksStream, type TaskEvent, type TasksState } from "@maestro/core";
import { appendEvents, compactFiles, foldStream, sourceFiles, verifyStream, type StreamRef } from "@maestro/store";

const refOf = (dir: string, segment: string): StreamRef<TasksState, TaskEvent> => ({ kind: tasksStream, dir, label: "tasks", lockPath: join(dir, ".lock"), writer: { fixed: segment } });

const ids = ["tsk_a", "tsk_b", "tsk_c"];
const newTask = (taskId: string) => ({ taskId, slug: taskId.slice(4), title: taskId, description: "", type: "task", priority: "P2", labels: [], parentId: null, blockedBy: [], feature: null }) as const;

type Step =
  | { readonly kind: "write"; readonly clone: 0 | 1; readonly event: TaskEvent }
  | { readonly kind: "commit"; readonly clone: 0 | 1 }
  | { readonly kind: "pull"; readonly clone: 0 | 1 };

const clone = fc.constantFrom(0 as const, 1 as const);
const id = fc.constantFrom(...ids);
const event: fc.Arbitrary<TaskEvent> = fc.oneof(
  id.map((t): TaskEvent => ({ type: "TaskCreated", data: newTask(t) })),
  fc.tuple(id, fc.constantFrom("alice", "bob")).map(([t, session]): TaskEvent => ({ type: "TaskClaimed", data: { taskId: t, session, previous: null, from: null } })),
  fc.tuple(id, fc.string({ maxLength: 3 })).map(([t, d]): TaskEvent => ({ type: "TaskUpdated", data: { taskId: t, changes: { title: `t${d}`, addDecisions: [d] } } })),
  id.map((t): TaskEvent => ({ type: "TaskCompleted", data: { taskId: t, reason: null, receipt: null, from: null } })),
  fc.tuple(id, id).map(([blocker, b]): TaskEvent => ({ type: "TasksBlocked", data: { blocker, blocked: blocker === b ? [] : [b] } })),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(clone, event).map(([c, e]): Step => ({ kind: "write", clone: c, event: e })) },
  { weight: 2, arbitrary: clone.map((c): Step => ({ kind: "commit", clone: c })) },
  { weight: 2, arbitrary: clone.map((c): Step => ({ kind: "pull", clone: c })) },
);

const meta = (actor: string) => {
  let n = 0;
  return { actor, now: () => `2026-01-01T00:00:${String(n).padStart(2, "0")}.000Z`, newEventId: () => `ev_${actor}${n++}`, randomName: () => `r${n}` };
};

/** Plays the steps on two clone folders; returns them (both have pulled each other at the end). */
const play = async (steps: readonly Step[]) => {
  const dirs = [mkdtempSync(join(tmpdir(), "maestro-seg-a-")), mkdtempSync(join(tmpdir(), "maestro-seg-b-"))];
  const names = ["alice", "bob"] as const;
  const gen = [0, 0];
  const metas = [meta("alice"), meta("bob")];
  const pull = (to: number) => {
    for (const f of readdirSync(dirs[1 - to]!).filter((n) => n.endsWith(".jsonl"))) copyFileSync(join(dirs[1 - to]!, f), join(dirs[to]!, f));
  };
  for (const s of steps) {
    if (s.kind === "write") await appendEvents(refOf(dirs[s.clone]!, `${names[s.clone]}-${gen[s.clone]}.jsonl`), () => Either.right([s.event]), metas[s.clone]!);
    else if (s.kind === "commit") gen[s.clone]!++;
    else {
      // a segment the other side has is committed there: it is never appended to again
      gen[1 - s.clone]!++;
      pull(s.clone);
    }
  }
  gen[0]!++;
  gen[1]!++;
  pull(0);
  pull(1);
  return dirs;
};

const fold = (dir: string) => foldStream(refOf(dir, "x.jsonl"), { noCache: true });

describe("folding segments", () => {
  it("two clones that met in any order fold the same lines to the same state; compaction and duplicates change nothing", async () => {
    await tasksStream.codec.load();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 24 }), fc.nat(), async (steps, pick) => {
        const [a, b] = await play(steps);
        const fa = fold(a!);
        const fb = fold(b!);
        expect(fb.state).toEqual(fa.state);
        expect(fb.seq).toBe(steps.filter((s) => s.kind === "write").length);
        expect((await verifyStream(refOf(a!, "x"))).ok).toBe(true);
        // --at N is the fold of the first N events in fold order, for every N
        const all = foldStream(refOf(a!, "x"), { collect: true }).events;
        for (let n = 0; n <= all.length; n++) expect(foldStream(refOf(a!, "x"), { at: n, noCache: true }).state).toEqual(foldEvents(tasksStream, tasksStream.initial, all.slice(0, n)));
        // compact some of b's files (keeping a copy of one original: a line held twice)
        const files = sourceFiles({ dir: b! });
        const chosen = files.filter((_, i) => (pick >> i) & 1);
        const kept = chosen[0];
        const keep = kept ? join(b!, "..", `${kept.name}.keep`) : undefined;
        if (kept) copyFileSync(kept.path, keep!);
        compactFiles(refOf(b!, "x"), chosen);
        if (kept && chosen.length >= 2) copyFileSync(keep!, kept.path);
        expect(fold(b!).state).toEqual(fa.state);
        expect((await verifyStream(refOf(b!, "x"))).ok).toBe(true);
        for (const d of [a!, b!]) rmSync(d, { recursive: true, force: true });
        if (keep) rmSync(keep, { force: true });
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("a fold continued after a merge brought files in equals a fold from scratch", async () => {
    await tasksStream.codec.load();
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 20 }), async (steps) => {
        const [a, b] = await play(steps.filter((s) => s.kind !== "pull"));
        // before the final pulls, a held only its own files: fold those, then continue over everything
        const own = mkdtempSync(join(tmpdir(), "maestro-seg-own-"));
        for (const f of readdirSync(a!).filter((n) => n.startsWith("alice-"))) copyFileSync(join(a!, f), join(own, f));
        const before = fold(own);
        for (const f of readdirSync(b!)) copyFileSync(join(b!, f), join(own, f));
        const continued = foldStream(refOf(own, "x"), { from: before });
        expect(continued.state).toEqual(fold(own).state);
        expect(continued.seq).toBe(fold(own).seq);
        for (const d of [a!, b!, own]) rmSync(d, { recursive: true, force: true });
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
