// Replay benchmark helpers, bundled to dist/bench-replay.js:
//   gen <file> <n>   writes a valid mission log of n events (chain and all)
//   fold <file>      folds it without the cache and prints {events, ms, perSecond, rssMB}
//   gen-tasks <file> <n>  writes a tasks log of n tasks, about 5 events each (blocks, claims,
//                    continuation updates, completions), for the task command benchmarks
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { lineHash } from "@maestro/store/hash";
import { foldStream } from "@maestro/store/stream";
import { missionStream } from "@maestro/core/mission/queries";

const [cmd, file, n] = process.argv.slice(2);

/** A writer of valid log lines (seq and chain) to a file. */
const logWriter = (path: string) => {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "w");
  let prev = "";
  let seq = 0;
  let buf: string[] = [];
  const at = "2026-11-28T00:00:00.000Z";
  const emit = (type: string, data: unknown, actor = "bench") => {
    seq++;
    const line = JSON.stringify({ seq, id: `ev_${seq}`, type, v: 1, at, actor, prev, data });
    prev = lineHash(line);
    buf.push(line + "\n");
    if (buf.length >= 10_000) {
      writeSync(fd, buf.join(""));
      buf = [];
    }
  };
  const close = () => {
    writeSync(fd, buf.join(""));
    closeSync(fd);
  };
  return { emit, close, seq: () => seq };
};

const genTasks = (path: string, n: number) => {
  const { emit, close } = logWriter(path);
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

const gen = (path: string, count: number) => {
  const { emit, close, seq: seqOf } = logWriter(path);
  const features = Array.from({ length: 20 }, (_, i) => ({ id: `f${i}`, milestoneId: "m1", title: `Feature ${i}`, description: "", agentType: "codex-cli", verificationSteps: ["run tests"], dependsOn: [], fulfills: [`a${i}`] }));
  emit("MissionCreated", { missionId: "msn_bench", title: "Bench", description: "", milestones: [{ id: "m1", title: "M1", description: "", order: 0, kind: "work", profile: "implementation" }], features });
  emit("MissionStatusChanged", { from: "draft", to: "approved" });
  emit("MissionStatusChanged", { from: "approved", to: "executing" });
  const cycle = ["pending", "in-progress", "review"] as const;
  for (let i = 0; seqOf() < count; i++) {
    const f = i % 20;
    const step = Math.floor(i / 20) % 3;
    if (i % 7 === 6) emit("AssertionUpdated", { assertionId: `a${f}`, from: "pending", to: "passed", evidence: "bench" });
    else emit("FeatureStatusChanged", { featureId: `f${f}`, from: cycle[step], to: cycle[(step + 1) % 3] });
  }
  close();
};

if (cmd === "gen") gen(file!, Number(n));
else if (cmd === "gen-tasks") genTasks(file!, Number(n));
else if (cmd === "fold") {
  const t0 = performance.now();
  const f = foldStream({ kind: missionStream, path: file!, label: "bench" }, { noCache: true });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ events: f.seq, ms: Math.round(ms), perSecond: Math.round(f.seq / (ms / 1000)), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) }));
}
