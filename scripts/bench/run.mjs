// `pnpm bench`: prints the figures the README quotes. Everything runs the built artifacts in
// temp dirs; nothing here is asserted, only measured.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const dist = join(root, "dist");
const bin = join(dist, "maestro.js");
const quick = process.argv.includes("--quick");
const work = mkdtempSync(join(tmpdir(), "maestro-bench-"));
const env = { ...process.env, MAESTRO_HOME: join(work, ".home"), MAESTRO_ACTOR: "bench", NO_COLOR: "1" };
const node = process.execPath;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median wall time of each command, run in interleaved rounds so that machine noise hits all alike. */
const timeRounds = (commands, cwd, rounds = quick ? 7 : 21) => {
  const ms = commands.map(() => []);
  for (let r = 0; r < rounds; r++)
    commands.forEach((args, i) => {
      const t0 = performance.now();
      execFileSync(node, args, { cwd, env, stdio: "ignore" });
      ms[i].push(performance.now() - t0);
    });
  return ms.map(median);
};
const timeRuns = (args, cwd, runs) => timeRounds([args], cwd, runs)[0];
const repo = (name) => {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  execFileSync("git", ["init", "-q"], { cwd: dir });
  execFileSync(node, [bin, "init"], { cwd: dir, env, stdio: "ignore" });
  return dir;
};
const m = (cwd, ...args) => execFileSync(node, [bin, ...args], { cwd, env, encoding: "utf8" });
const row = (what, value) => console.log(`${what.padEnd(58)} ${value}`);

console.log(`maestro bench (node ${process.version}, ${quick ? "quick" : "full"})\n`);

// cold start
const small = repo("small");
const id = JSON.parse(m(small, "mission", "create", "--file", join(root, "fixtures/plans/overview.json"), "--json")).mission.id;
const [bare, version, show] = timeRounds([["-e", "0"], [bin, "--version"], [bin, "mission", "show", id]], small);
row("cold start: node -e 0 (median)", `${bare.toFixed(0)} ms`);
row("cold start: maestro --version", `${version.toFixed(0)} ms (${(version / bare).toFixed(2)}x node)`);
row("cold start: maestro mission show (15 events)", `${show.toFixed(0)} ms (${(show / bare).toFixed(2)}x node)`);

// append rate, with fsync
const writer = join(dist, "fault-writer.js");
const appendOne = quick ? 200 : 1000;
let t0 = performance.now();
execFileSync(node, [writer, id, String(appendOne)], { cwd: small, env });
row(`append: 1 writer, ${appendOne} commands (lock+fold+fsync each)`, `${Math.round(appendOne / ((performance.now() - t0) / 1000))} events/s`);
const per = quick ? 50 : 200;
t0 = performance.now();
await Promise.all(Array.from({ length: 8 }, () => new Promise((res) => spawn(node, [writer, id, String(per)], { cwd: small, env, stdio: "ignore" }).on("close", res))));
row(`append: 8 concurrent writers x ${per}`, `${Math.round((8 * per) / ((performance.now() - t0) / 1000))} events/s total`);

// replay
const replay = join(dist, "bench-replay.js");
for (const n of quick ? [100_000] : [100_000, 1_000_000]) {
  const file = join(work, `replay-${n}.jsonl`);
  execFileSync(node, [replay, "gen", file, String(n)]);
  // the median of 3 folds, each in a fresh process (one run is at the mercy of machine noise)
  const runs = Array.from({ length: quick ? 1 : 3 }, () => JSON.parse(execFileSync(node, [replay, "fold", file], { encoding: "utf8" })));
  const r = runs.sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
  row(`replay: fold ${n.toLocaleString("en")} events (decode + evolve, median of ${runs.length})`, `${r.perSecond.toLocaleString("en")} events/s, ${r.ms} ms, rss ${r.rssMB} MB`);
  // the same count written by 8 writers into 8 segments, merged by clock as they fold
  const split = join(work, `replay-${n}-split`);
  execFileSync(node, [replay, "gen", split, String(n), "8"]);
  const splitRuns = Array.from({ length: quick ? 1 : 3 }, () => JSON.parse(execFileSync(node, [replay, "fold", split], { encoding: "utf8" })));
  const sr = splitRuns.sort((a, b) => a.ms - b.ms)[Math.floor(splitRuns.length / 2)];
  row(`replay: fold ${n.toLocaleString("en")} events in 8 writer segments`, `${sr.perSecond.toLocaleString("en")} events/s, ${sr.ms} ms, rss ${sr.rssMB} MB (${(sr.perSecond / r.perSecond).toFixed(2)}x one file)`);
  rmSync(split, { recursive: true, force: true });
  if (n === 100_000) {
    const big = repo("big");
    const dir = join(big, ".maestro/missions/msn_bench");
    mkdirSync(dir, { recursive: true });
    copyFileSync(file, join(dir, "events.jsonl"));
    const cache = join(big, ".maestro/.cache");
    const noCache = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      rmSync(cache, { recursive: true, force: true });
      const t = performance.now();
      execFileSync(node, [bin, "mission", "show", "msn_bench", "--json", "--verbose"], { cwd: big, env, stdio: "ignore" });
      noCache.push(performance.now() - t);
    }
    row("mission show, 100k-event stream, no snapshot cache", `${median(noCache).toFixed(0)} ms`);
    row("mission show, 100k-event stream, with snapshot cache", `${timeRuns([bin, "mission", "show", "msn_bench", "--json"], big).toFixed(0)} ms`);
    // a pull brings a teammate's 10k events: written after the last sync, their clocks follow the
    // folded ones and the cache still fits; in the worst case they interleave with every folded
    // event (clocks from 2), the cache no longer fits and the first read folds everything again
    for (const [what, clock] of [["after the folded ones", 100_001], ["interleaved with all (worst case)", 2]]) {
      const pulls = [];
      for (let i = 0; i < (quick ? 3 : 5); i++) {
        execFileSync(node, [bin, "mission", "show", "msn_bench", "--json"], { cwd: big, env, stdio: "ignore" });
        execFileSync(node, [replay, "gen-pulled", join(dir, "pulled.jsonl"), "10000", String(clock)]);
        const t = performance.now();
        execFileSync(node, [bin, "mission", "show", "msn_bench", "--json"], { cwd: big, env, stdio: "ignore" });
        pulls.push(performance.now() - t);
        rmSync(join(dir, "pulled.jsonl"));
      }
      row(`mission show, first read after a pull of 10k events ${what}`, `${median(pulls).toFixed(0)} ms`);
    }
  }
  rmSync(file, { force: true });
}
// bundles: export and import throughput, and peak memory (which should not grow with size)
const peak = (args, cwd) => {
  const t = performance.now();
  const r = spawnSync("/usr/bin/time", ["-f", "%M", node, ...args], { cwd, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${args.join(" ")}: ${r.stderr}`);
  return { ms: performance.now() - t, rssMB: Math.round(Number(r.stderr.trim().split("\n").pop()) / 1024) };
};
for (const n of quick ? [10_000] : [10_000, 100_000]) {
  const src = repo(`bundle-src-${n}`);
  const dst = repo(`bundle-dst-${n}`);
  mkdirSync(join(src, ".maestro/missions/msn_bench"), { recursive: true });
  execFileSync(node, [replay, "gen", join(src, ".maestro/missions/msn_bench/events.jsonl"), String(n)]);
  const archive = join(work, `bench-${n}.mission.tar.gz`);
  const e = peak([bin, "bundle", "export", "msn_bench", "--out", archive], src);
  const i = peak([bin, "bundle", "import", archive], dst);
  row(`bundle: export ${n.toLocaleString("en")} events`, `${Math.round(n / (e.ms / 1000)).toLocaleString("en")} events/s, peak rss ${e.rssMB} MB`);
  row(`bundle: import ${n.toLocaleString("en")} events (verify + extract)`, `${Math.round(n / (i.ms / 1000)).toLocaleString("en")} events/s, peak rss ${i.rssMB} MB`);
}

// task commands on a big graph, cold process each time, snapshot cache warm
for (const n of quick ? [1000] : [1000, 10_000]) {
  const dir = repo(`tasks-${n}`);
  execFileSync(node, [replay, "gen-tasks", join(dir, ".maestro/tasks/tasks.jsonl"), String(n)]);
  const events = execFileSync("wc", ["-l", join(dir, ".maestro/tasks/tasks.jsonl")], { encoding: "utf8" }).trim().split(" ")[0];
  m(dir, "task", "ready", "--limit", "1"); // warms the snapshot cache
  const [versionHere, ready, status] = timeRounds([[bin, "--version"], [bin, "task", "ready", "--limit", "20"], [bin, "task", "status"]], dir, quick ? 5 : 11);
  const claims = [];
  for (let i = 0; i < (quick ? 3 : 7); i++) {
    const t = performance.now();
    execFileSync(node, [bin, "task", "claim", `bench-${3 * i + 2}`, "--session", `claimer-${i}`], { cwd: dir, env, stdio: "ignore" });
    claims.push(performance.now() - t);
  }
  row(`tasks: ${n.toLocaleString("en")} tasks (${Number(events).toLocaleString("en")} events): task ready`, `${ready.toFixed(0)} ms (${(ready / versionHere).toFixed(2)}x --version)`);
  row(`tasks: ${n.toLocaleString("en")} tasks: task status`, `${status.toFixed(0)} ms`);
  row(`tasks: ${n.toLocaleString("en")} tasks: task claim (fsync'd)`, `${median(claims).toFixed(0)} ms`);
}
// the same graph written by 4 clones into 4 segments
{
  const n = quick ? 1000 : 10_000;
  const dir = repo(`tasks-split-${n}`);
  execFileSync(node, [replay, "gen-tasks", join(dir, ".maestro/tasks"), String(n), "4"]);
  m(dir, "task", "ready", "--limit", "1"); // warms the snapshot cache and the ready view
  const [versionHere, ready] = timeRounds([[bin, "--version"], [bin, "task", "ready", "--limit", "20"]], dir, quick ? 5 : 11);
  row(`tasks: ${n.toLocaleString("en")} tasks in 4 segments: task ready`, `${ready.toFixed(0)} ms (${(ready / versionHere).toFixed(2)}x --version)`);
}
// Mission Control: first frame on a big workspace (10k tasks, a 100k-event mission), cold process
{
  const dir = repo("mc");
  execFileSync(node, [replay, "gen-tasks", join(dir, ".maestro/tasks/tasks.jsonl"), String(quick ? 1000 : 10_000)]);
  mkdirSync(join(dir, ".maestro/missions/msn_bench"), { recursive: true });
  execFileSync(node, [replay, "gen", join(dir, ".maestro/missions/msn_bench/events.jsonl"), String(quick ? 10_000 : 100_000)]);
  m(dir, "mc", "--preview", "dashboard", "--size", "120x40"); // warms the snapshot caches
  const first = timeRuns([bin, "mc", "--preview", "dashboard", "--size", "120x40"], dir, quick ? 3 : 5);
  row(`mission control: first frame, ${quick ? "1k tasks + 10k" : "10k tasks + 100k"} mission events`, `${first.toFixed(0)} ms (refresh = snapshot + render ≈ ${(first - version).toFixed(0)} ms)`);
}
// agents at the start of a session and in a long-running MCP server
{
  const dir = repo("agents");
  const tid = JSON.parse(m(dir, "task", "create", "Bench hook", "--json")).task.id;
  execFileSync(node, [bin, "task", "claim", tid], { cwd: dir, env: { ...env, MAESTRO_SESSION: "claude:bench" } });
  const [bareHere, hook] = timeRounds([["-e", "0"], [bin, "prime", "--hook-json", "--agent", "claude"]], dir);
  row("prime --hook-json (cold, a held task)", `${hook.toFixed(0)} ms (${(hook / bareHere).toFixed(2)}x node -e 0; target <= 1.5x)`);
  for (let i = 0; i < 50; i++) m(dir, "task", "create", `Work ${i}`);
  const sdk = join(root, "apps/cli/node_modules/@modelcontextprotocol/sdk/dist/esm");
  const { Client } = await import(join(sdk, "client/index.js"));
  const { StdioClientTransport } = await import(join(sdk, "client/stdio.js"));
  const client = new Client({ name: "bench", version: "1" });
  await client.connect(new StdioClientTransport({ command: node, args: [bin, "mcp"], cwd: dir, env: { ...env, MAESTRO_SESSION: "mcp:bench" }, stderr: "ignore" }));
  const calls = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    // claim the top ready task (fsync'd append), then give it back, so every round claims
    const r = await client.callTool({ name: "task_ready", arguments: { claim: true } });
    calls.push(performance.now() - t);
    const id = JSON.parse(r.content[0].text).claimed?.id;
    if (id) m(dir, "task", "unclaim", id, "--session", "mcp:bench");
  }
  await client.close();
  row("mcp: task_ready claim in a warm server (median of 40)", `${median(calls).toFixed(1)} ms (target <= 10 ms)`);
}

// growth: a segment is born per clone per commit that carried events, and vectors are keyed by segment
{
  const n = quick ? 100 : 1000;
  const dir = repo("growth");
  const git = (...args) => execFileSync("git", args, { cwd: dir, env: { ...env, GIT_AUTHOR_NAME: "b", GIT_AUTHOR_EMAIL: "b@x", GIT_COMMITTER_NAME: "b", GIT_COMMITTER_EMAIL: "b@x" }, stdio: "ignore" });
  const gid = JSON.parse(m(dir, "mission", "create", "--file", join(root, "fixtures/plans/overview.json"), "--json")).mission.id;
  for (let i = 0; i < n; i++) {
    m(dir, "checkpoint", "save", "-m", gid);
    git("add", "-A", ".maestro");
    git("commit", "-q", "-m", `c${i}`);
  }
  const mdir = join(dir, ".maestro", "missions", gid);
  const measure = () => {
    const files = readdirSync(mdir).filter((f) => f.endsWith(".jsonl"));
    const last = JSON.parse(m(dir, "log", "-m", gid, "--type", "CheckpointSaved", "--limit", "1", "--json"))[0];
    const cache = join(dir, ".maestro", ".cache");
    const cacheBytes = (existsSync(cache) ? readdirSync(cache) : []).filter((f) => f.endsWith(".json")).reduce((b, f) => b + statSync(join(cache, f)).size, 0);
    return `${files.length} segment files, last checkpoint's vector ${JSON.stringify(last.data.vector ?? {}).length.toLocaleString("en")} B, caches ${cacheBytes.toLocaleString("en")} B`;
  };
  row(`growth: ${n.toLocaleString("en")} checkpoint saves, a commit after each`, measure());
  m(dir, "compact");
  git("add", "-A", ".maestro");
  git("commit", "-q", "-m", "compact");
  m(dir, "checkpoint", "save", "-m", gid);
  row("growth: the same after maestro compact and one more save", measure());
}

rmSync(work, { recursive: true, force: true });
