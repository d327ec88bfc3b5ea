// Replay benchmark helpers, bundled to dist/bench-replay.js:
//   gen <file> <n>   writes a valid mission log of n events (chain and all)
//   fold <file>      folds it without the cache and prints {events, ms, perSecond, rssMB}
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { lineHash, foldStream } from "@maestro/store";
import { missionStream } from "@maestro/core";

const [cmd, file, n] = process.argv.slice(2);

const gen = (path: string, count: number) => {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "w");
  let prev = "";
  let seq = 0;
  let buf: string[] = [];
  const at = "2026-11-28T00:00:00.000Z";
  const emit = (type: string, data: unknown) => {
    seq++;
    const line = JSON.stringify({ seq, id: `ev_${seq}`, type, v: 1, at, actor: "bench", prev, data });
    prev = lineHash(line);
    buf.push(line + "\n");
    if (buf.length >= 10_000) {
      writeSync(fd, buf.join(""));
      buf = [];
    }
  };
  const features = Array.from({ length: 20 }, (_, i) => ({ id: `f${i}`, milestoneId: "m1", title: `Feature ${i}`, description: "", agentType: "codex-cli", verificationSteps: ["run tests"], dependsOn: [], fulfills: [`a${i}`] }));
  emit("MissionCreated", { missionId: "msn_bench", title: "Bench", description: "", milestones: [{ id: "m1", title: "M1", description: "", order: 0, kind: "work", profile: "implementation" }], features });
  emit("MissionStatusChanged", { from: "draft", to: "approved" });
  emit("MissionStatusChanged", { from: "approved", to: "executing" });
  const cycle = ["pending", "in-progress", "review"] as const;
  for (let i = 0; seq < count; i++) {
    const f = i % 20;
    const step = Math.floor(i / 20) % 3;
    if (i % 7 === 6) emit("AssertionUpdated", { assertionId: `a${f}`, from: "pending", to: "passed", evidence: "bench" });
    else emit("FeatureStatusChanged", { featureId: `f${f}`, from: cycle[step], to: cycle[(step + 1) % 3] });
  }
  writeSync(fd, buf.join(""));
  closeSync(fd);
};

if (cmd === "gen") gen(file!, Number(n));
else if (cmd === "fold") {
  const t0 = performance.now();
  const f = foldStream({ kind: missionStream, path: file!, label: "bench" }, { noCache: true });
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ events: f.seq, ms: Math.round(ms), perSecond: Math.round(f.seq / (ms / 1000)), rssMB: Math.round(process.memoryUsage().rss / 2 ** 20) }));
}
