// Replay benchmark helpers, bundled to dist/bench-replay.js:
//   gen <file|dir> <n> [k]  writes a valid mission log of n events (chain and all), in k writer
//                    segments of a folder when k > 1
//   fold <file|dir>  folds it without the cache and prints {events, ms, perSecond, rssMB}
//   gen-tasks <file|dir> <n> [k]  a tasks log of n tasks, about 5 events each (blocks, claims,
//                    continuation updates, completions), for the task command benchmarks
//   gen-pulled <file> <n> [clock]  n assertion updates by another writer, clocks from `clock`
//                    (what a pull brings), for the first read after a pull
import { closeSync, mkdirSync, openSync, statSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { lineHash } from "@maestro/store/hash";
import { foldStream } from "@maestro/store/stream";
import { missionStream } from "@maestro/core/mission/queries";

const [cmd, file, n, k] = process.argv.slice(2);

/**
 * A writer of valid log lines (seq, chain and clock) to a file, or, with `writers` > 1, to that
 * many segments in a folder, event i to segment i % writers, as writers that merge every
 * `MERGE_EVERY` events would (the first line after a merge records the others' tips).
 */
const MERGE_EVERY = 1000;
const logWriter = (path: string, writers = 1, firstClock = 1) => {
  const segments = Array.from({ length: writers }, (_, j) => {
    const file = writers === 1 ? path : join(path, `w${j}.jsonl`);
    mkdirSync(dirname(file), { recursive: true });
    return { name: basename(file), fd: openSync(file, "w"), prev: "", seq: 0, buf: [] as string[], sawAt: 0 };
  });
  let n = 0;
  const at = "2026-11-28T00:00:00.000Z";
  const emit = (type: string, data: unknown, actor = "bench") => {
    const s = segments[n % writers]!;
    const clock = firstClock + n++;
    s.seq++;
    let seen: Record<string, { seq: number; hash: string }> | undefined;
    if (writers > 1 && n - s.sawAt >= MERGE_EVERY) {
      s.sawAt = n;
      seen = Object.fromEntries(segments.filter((o) => o !== s && o.seq > 0).map((o) => [o.name, { seq: o.seq, hash: o.prev }]));
    }
    const line = JSON.stringify({ seq: s.seq, id: `ev_${clock}`, type, v: 1, at, actor, prev: s.prev, clock, ...(seen ? { seen } : {}), data });
    s.prev = lineHash(line);
    s.buf.push(line + "\n");
    if (s.buf.length >= 10_000) {
      writeSync(s.fd, s.buf.join(""));
      s.buf = [];
    }
  };
  const close = () => {
    for (const s of segments) {
      writeSync(s.fd, s.buf.join(""));
      closeSync(s.fd);
    }
  };
  return { emit, close, seq: () => n };
};

const genTasks = (path: string, n: number, writers = 1) => {
  const { emit, close } = logWriter(path, writers);
  const id = (i: number) => `tsk_b${String(i).padStart(8, "0")}`;
  for (let i = 0; i < n; i++) {
    emit("TaskCreated", { taskId: id(i), slug: `bench-${i}`, title: `Bench task ${i}`, description: "", type: "task", priority: `P${i % 5}`, labels: [], parentId: null, blockedBy: i % 10 === 9 ? [id(i - 1)] : [], feature: null });
  }
  for (let i = 0; i < n; i++) {
    if (i % 3 === 2) continue; // a third stay pending
    const session = `s${i}`;
    emit("TaskClaimed", { taskId: id(i), session, previous: null }, session);
    emit("TaskUpdated", { taskId: id(i), changes: { currentState: "working", nextAction: "finish" } }, session);
    if (i % 3 === 0) emit("TaskCompleted", { taskId: id(i), reason: "done", receipt: null }, session);
    emit("TaskHeartbeat", { taskIds: i % 3 === 0 ? [] : [id(i)] }, session);
  }
  close();
};

const gen = (path: string, count: number, writers = 1, firstClock = 1) => {
  const { emit, close, seq: seqOf } = logWriter(path, writers, firstClock);
  const features = Array.from({ length: 20 }, (_, i) => ({ id: `f${i}`, milestoneId: "m1", title: `Feature ${i}`, description: "", agentType: "codex-cli", verificationSteps: ["run tests"], dependsOn: [], fulfills: [`a${i}`] }));
  emit("MissionCreated", { missionId: "msn_bench", title: "Bench", description: "", milestones: [{ id: "m1", title: "M1", description: "", order: 0, kind: "work", profile: "implementation" }], features });
  emit("MissionStatusChanged", { from: "draft", to: "approved" });
  emit("MissionStatusChanged", { from: "approved", to: "executing" });
  // a valid history: each feature moves on from where it is (a stale `from` would be a merge conflict)
  const cycle = ["pending", "in-progress", "review"] as const;
  const step = Array.from({ length: 20 }, () => 0);
  const assertion = Array.from({ length: 20 }, () => "pending");
  for (let i = 0; seqOf() < count; i++) {
    const f = i % 20;
    if (i % 7 === 6) {
      emit("AssertionUpdated", { assertionId: `a${f}`, from: assertion[f], to: "passed", evidence: "bench" });
      assertion[f] = "passed";
    } else {
      emit("FeatureStatusChanged", { featureId: `f${f}`, from: cycle[step[f]!], to: cycle[(step[f]! + 1) % 3] });
      step[f] = (step[f]! + 1) % 3;
    }
  }
  close();
};

const genPulled = (path: string, count: number, firstClock: number) => {
  const { emit, close } = logWriter(path, 1, firstClock);
  for (let i = 0; i < count; i++) emit("AssertionUpdated", { assertionId: `a${i % 20}`, from: "pending", to: "passed", evidence: "from the other clone" }, "teammate");
  close();
};

if (cmd === "gen") gen(file!, Number(n), Number(k ?? 1));
else if (cmd === "gen-tasks") genTasks(file!, Number(n), Number(k ?? 1));
// a pull's worth of new events by another writer, their clocks among the ones already folded
else if (cmd === "gen-pulled") genPulled(file!, Number(n), Number(k ?? 2));
else if (cmd === "fold") {
  const t0 = performance.now();
  // a stream folder (segments), or one file read as a stream of one segment
  const stream = statSync(file!).isDirectory() ? { dir: file! } : { dir: `${file!}.segments`, legacy: file! };
  const f = foldStream({ kind: missionStream, ...stream, label: "bench", lockPath: "", writer: { fixed: "" } }, { noCache: true });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ events: f.seq, ms: Math.round(ms), perSecond: Math.round(f.seq / (ms / 1000)), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) }));
}
