#!/usr/bin/env node
// The real agent CLIs meet maestro, offline: Claude Code, Codex and Gemini CLI from the npm
// registry, each pointed at a loopback fake of its model API that records request bodies. For
// each host it runs one turn in a project without maestro's integration and one after
// `maestro install --mcp`, and checks what reached the model: the claimed task's title (from the
// SessionStart hook running `maestro prime --hook-json`), a maestro skill, the MCP tools, and
// that the bytes maestro added stay inside the token budgets. For Codex it also checks that an
// untrusted hook does not run, and that `maestro doctor` says so.
//
//   node scripts/acceptance/agents.mjs [claude] [codex] [gemini]
//
// Not part of `npm test`: Claude Code's package alone is about 400 MB. The CLIs are installed
// once into .cache/agent-clis (or $MAESTRO_AGENT_CLIS).
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeModelApi, USAGE } from "./fake-model-api.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
// (a copy of the build this run made: rebuilding the checkout while it runs changes nothing here)
let BIN = join(ROOT, "dist", "maestro.js");
const CLIS = process.env["MAESTRO_AGENT_CLIS"] ?? join(ROOT, ".cache", "agent-clis");
const PACKAGES = { claude: "@anthropic-ai/claude-code@2.1.332", codex: "@openai/codex@0.171.0", gemini: "@google/gemini-cli@0.61.0" };
const TITLE = "Wire the zebra limiter into checkout";
const SKILL = "maestro-task-loop";
const TOOL = "task_ready";
// what maestro may add to a session, in tokens (bytes / 4): the instruction block, prime, four
// skill listing lines, the MCP tool list and the server's instructions (README, "Token budgets")
const BUDGET_BYTES = (300 + 2000 + 4 * 100 + 1500 + 128) * 4;
const TURN_MS = 180_000;

const hosts = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(PACKAGES);
for (const h of hosts) if (!(h in PACKAGES)) throw new Error(`unknown host ${h}; pick from ${Object.keys(PACKAGES).join(", ")}`);

const ensureClis = () => {
  const missing = hosts.filter((h) => !existsSync(join(CLIS, "node_modules", ".bin", h)));
  if (!missing.length) return;
  console.log(`installing ${missing.map((h) => PACKAGES[h]).join(", ")} into ${CLIS} ...`);
  mkdirSync(CLIS, { recursive: true });
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefix", CLIS, ...missing.map((h) => PACKAGES[h])], { stdio: "inherit" });
};

/** A fresh project with one task, claimed unless `claim` is false; `install` adds maestro's integration to it. */
const project = (install, { claim = true } = {}) => {
  const dir = mkdtempSync(join(tmpdir(), "maestro-accept-"));
  const home = join(dir, "home");
  const repo = join(dir, "repo");
  mkdirSync(home);
  mkdirSync(repo);
  // (the committed hooks and MCP entries call `maestro` by name, as on a teammate's machine with it installed)
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "maestro"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`, { mode: 0o755 });
  // (the session proof leaves the session to the host, and a lease of 0s makes every after-tool hook renew)
  const env = { PATH: `${bin}:${process.env["PATH"]}`, HOME: home, MAESTRO_HOME: join(home, ".maestro"), NO_COLOR: "1", ...(claim ? { MAESTRO_SESSION: "accept-agent" } : { MAESTRO_LEASE_TTL: "0s" }) };
  const maestro = (...args) => execFileSync(process.execPath, [BIN, ...args], { cwd: repo, env, encoding: "utf8" });
  execFileSync("git", ["init", "-q"], { cwd: repo });
  maestro("init");
  if (install) maestro("install", "--mcp");
  maestro("task", "create", TITLE, "--slug", "zebra");
  if (claim) maestro("task", "ready", "--claim");
  return { dir, home, repo, env, maestro };
};

/** How each CLI is run against the fake: its argv and the environment and config it needs. */
const setups = {
  // (with tools: each CLI's own way to run shell commands unasked; Claude Code refuses to skip all permissions as root)
  claude: (p, api, { tools = false } = {}) => ({ args: ["-p", "say ok", ...(tools ? ["--allowedTools", "Bash"] : [])], env: { ANTHROPIC_BASE_URL: api.url, ANTHROPIC_API_KEY: "sk-ant-fake", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1", DISABLE_AUTOUPDATER: "1" }, main: /\/v1\/messages/ }),
  codex: (p, api, { trustHooks = true, tools = false } = {}) => {
    // (one per fake API: two runs at once must not share the provider's address)
    const codexHome = join(p.home, `.codex-${new URL(api.url).port}`);
    mkdirSync(codexHome, { recursive: true });
    // (the project is trusted, as a user who opened it in Codex once would have it; its hooks are
    // trusted only by the bypass flag, since Codex keeps hook trust as a hash we do not forge)
    writeFileSync(
      join(codexHome, "config.toml"),
      [
        'model = "gpt-5.1-codex"',
        'model_provider = "fake"',
        "[model_providers.fake]",
        'name = "fake"',
        `base_url = "${api.url}/v1"`,
        'wire_api = "responses"',
        'env_key = "FAKE_API_KEY"',
        "request_max_retries = 0",
        "stream_max_retries = 0",
        "[features]",
        "hooks = true",
        `[projects."${p.repo}"]`,
        'trust_level = "trusted"',
        "",
      ].join("\n"),
    );
    return { args: ["exec", "--skip-git-repo-check", ...(trustHooks ? ["--dangerously-bypass-hook-trust"] : []), ...(tools ? ["--dangerously-bypass-approvals-and-sandbox"] : []), "say ok"], env: { CODEX_HOME: codexHome, FAKE_API_KEY: "fake" }, main: /\/responses/ };
  },
  gemini: (p, api, { tools = false } = {}) => {
    mkdirSync(join(p.home, ".gemini"), { recursive: true });
    writeFileSync(join(p.home, ".gemini", "settings.json"), JSON.stringify({ security: { auth: { selectedType: "gemini-api-key" } } }));
    return { args: ["-p", "say ok", ...(tools ? ["--yolo"] : [])], env: { GEMINI_API_KEY: "fake", GOOGLE_GEMINI_BASE_URL: api.url, GEMINI_CLI_TRUST_WORKSPACE: "true" }, main: /:streamGenerateContent/ };
  },
};

/** One turn of `host` in `p` (running `opts.commands` through its shell tool first); the body of its main model request. */
const turn = async (host, p, opts = {}) => {
  const api = await startFakeModelApi({ commands: opts.commands ?? [] });
  try {
    const s = setups[host](p, api, { ...opts, tools: (opts.commands ?? []).length > 0 });
    const child = spawn(join(CLIS, "node_modules", ".bin", host), s.args, { cwd: p.repo, env: { ...p.env, ...s.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), TURN_MS);
    const code = await new Promise((ok) => child.on("close", ok));
    clearTimeout(timer);
    const bodies = api.requests.filter((r) => s.main.test(r.path)).map((r) => r.body);
    if (!bodies.length) throw new Error(`${host} made no model request (exit ${code}):\n${output.slice(-2000)}`);
    // (the longest: Gemini routes with a short classifier call first)
    return bodies.reduce((a, b) => (b.length > a.length ? b : a));
  } finally {
    await api.close();
  }
};

/**
 * Sessions, proven with the real host: two shell tool calls of one session are one maestro
 * session (whoami, then a claim), a second session running at once is another (refused the
 * claim), the after-tool hook renews the lease of the claim a tool call made (so the hook's
 * session, from its stdin, is the CLI's), and which session variables the host exports.
 */
const sessionProof = async (host, check) => {
  const p = project(true, { claim: false });
  const out = (name) => join(p.dir, name);
  const calls = (n) => [`env | grep -E '^(CLAUDE|CODEX|GEMINI)[A-Z_]*(SESSION|THREAD)[A-Z_]*=' | sort > ${out(`env-${n}.txt`)}; maestro whoami --json > ${out(`who-${n}a.json`)}`, `maestro task claim zebra > ${out(`claim-${n}.txt`)} 2>&1; echo "exit $?" >> ${out(`claim-${n}.txt`)}; maestro whoami --json > ${out(`who-${n}b.json`)}`];
  try {
    // (the second starts once the first has claimed, so the refusal is the second's)
    await turn(host, p, { commands: calls(1) });
    // (with a lease of two hours: the first session's claim is live, not up for takeover)
    const live = { env: { MAESTRO_LEASE_TTL: "2h" } };
    await Promise.all([turn(host, p, { ...live, commands: calls(2) }), turn(host, p, { ...live, commands: [`maestro whoami --json > ${out("who-3a.json")}`] })]);
    const read = (name) => (existsSync(out(name)) ? readFileSync(out(name), "utf8") : "");
    const who = (name) => JSON.parse(read(name) || "{}");
    const [a, b] = [who("who-1a.json"), who("who-1b.json")];
    const exported = read("env-1.txt").split("\n").filter(Boolean).map((l) => l.split("=")[0]);
    const heartbeats = JSON.parse(p.maestro("log", "--tasks", "--type", "TaskHeartbeat", "--json"));
    const ok = [
      check(host, a.session && a.session === b.session, `two tool calls are one session (${a.session} from ${a.source}; then ${b.session})`),
      check(host, read("claim-1.txt").includes("exit 0"), `the first session claimed the task: ${read("claim-1.txt").trim()}`),
      check(host, who("who-2a.json").session && who("who-2a.json").session !== a.session && who("who-3a.json").session !== who("who-2a.json").session, `sessions of other runs differ (${who("who-2a.json").session}, ${who("who-3a.json").session})`),
      check(host, read("claim-2.txt").includes("exit 3"), `another session is refused the claim: ${read("claim-2.txt").trim()}`),
      check(host, heartbeats.some((e) => e.actor === a.session), `the after-tool hook renewed the lease of ${a.session} (heartbeats by ${heartbeats.map((e) => e.actor).join(", ") || "nobody"})`),
    ];
    return { ok: ok.every(Boolean), session: `${a.session} (${a.source})`, exported: exported.join(" ") || "none" };
  } finally {
    rmSync(p.dir, { recursive: true, force: true });
  }
};

/**
 * Usage, proven with the real host: `maestro handoff --wait` runs it in its machine-readable
 * mode against the fake, whose every answer reports known token counts (USAGE), and the run's
 * recorded usage must be those counts as the CLI summed them (and its text in output.log).
 */
const usageProof = async (host, check) => {
  const p = project(false, { claim: false });
  const api = await startFakeModelApi();
  try {
    const s = setups[host](p, api);
    // (Codex names no model in its stream: its cost is estimated from a price in config)
    p.maestro("config", "set", "prices.gpt-5.4", "1.25/10/0.125", "--project");
    const env = { ...p.env, ...s.env, [`MAESTRO_${host.toUpperCase()}_BIN`]: join(CLIS, "node_modules", ".bin", host) };
    // (spawned, not run synchronously: the fake API answers from this very process)
    const child = spawn(process.execPath, [BIN, "handoff", "Say ok and stop.", "--agent", host, "--wait", "--json"], { cwd: p.repo, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    const timer = setTimeout(() => child.kill("SIGINT"), TURN_MS);
    await new Promise((ok) => child.on("close", ok));
    clearTimeout(timer);
    const run = JSON.parse(stdout);
    const requests = api.requests.filter((r) => s.main.test(r.path) || /generateContent/.test(r.path)).length;
    const u = run.usage ?? {};
    const want = {
      claude: { inputTokens: requests * (USAGE.anthropic.input_tokens + USAGE.anthropic.cache_read_input_tokens), cachedTokens: requests * USAGE.anthropic.cache_read_input_tokens, outputTokens: requests * USAGE.anthropic.output_tokens },
      codex: { inputTokens: requests * USAGE.openai.input_tokens, cachedTokens: requests * USAGE.openai.input_tokens_details.cached_tokens, outputTokens: requests * USAGE.openai.output_tokens },
      gemini: { inputTokens: requests * USAGE.gemini.promptTokenCount, cachedTokens: requests * USAGE.gemini.cachedContentTokenCount, outputTokens: requests * USAGE.gemini.candidatesTokenCount },
    }[host];
    const ok = [
      check(host, run.status === "completed", `the run completed (${run.status}${run.error ? `: ${run.error}` : ""})`),
      check(host, u.inputTokens === want.inputTokens && u.cachedTokens === want.cachedTokens && u.outputTokens === want.outputTokens, `usage ${JSON.stringify(u)} is the fake's counts over ${requests} request(s): ${JSON.stringify(want)}`),
      check(host, host === "claude" ? u.costUsd > 0 && !u.estimated : host === "codex" ? u.costUsd > 0 && u.estimated : u.costUsd === null, `cost ${u.costUsd} (${u.estimated ? "estimated" : "reported"})`),
      check(host, readFileSync(run.outputPath, "utf8").split("\n").includes("ok"), "output.log shows the agent's text, not its JSON"),
    ];
    return { ok: ok.every(Boolean), usage: `${u.inputTokens} in (${u.cachedTokens} cached), ${u.outputTokens} out, ${u.model}, ${u.costUsd === null ? "no cost" : `$${u.costUsd}${u.estimated ? " estimated" : ""}`}` };
  } finally {
    await api.close();
    rmSync(p.dir, { recursive: true, force: true });
  }
};

const version = (host) => execFileSync(join(CLIS, "node_modules", ".bin", host), ["--version"], { encoding: "utf8" }).trim().split("\n").pop();

const main = async () => {
  ensureClis();
  execFileSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { stdio: "ignore" });
  const dist = mkdtempSync(join(tmpdir(), "maestro-accept-dist-"));
  cpSync(join(ROOT, "dist"), dist, { recursive: true });
  BIN = join(dist, "maestro.js");
  const rows = [];
  const proofs = [];
  const failures = [];
  const check = (host, ok, what) => {
    if (!ok) failures.push(`${host}: ${what}`);
    return ok;
  };
  for (const host of hosts) {
    const plain = project(false);
    const installed = project(true);
    try {
      const before = await turn(host, plain);
      const after = await turn(host, installed);
      const added = Buffer.byteLength(after) - Buffer.byteLength(before);
      const checks = [
        check(host, !before.includes(TITLE) && after.includes(TITLE), "the claimed task's title (prime, through the SessionStart hook) reached the model"),
        check(host, after.includes(SKILL), `the ${SKILL} skill is listed to the model`),
        check(host, after.includes(TOOL), `the MCP tool ${TOOL} is offered to the model`),
        check(host, added <= BUDGET_BYTES, `maestro added ${added} bytes, at most ${BUDGET_BYTES}`),
      ];
      if (host === "codex") {
        const untrusted = project(true);
        try {
          const body = await turn(host, untrusted, { trustHooks: false });
          checks.push(check(host, !body.includes(TITLE), "an untrusted hook did not run"));
          const doctor = JSON.parse(untrusted.maestro("doctor", "--json"));
          checks.push(check(host, doctor.findings.some((f) => f.check === "hook" && f.severity === "warn" && /codex: .*not trusted/.test(f.what)), "doctor says the Codex hook is not trusted yet"));
        } finally {
          rmSync(untrusted.dir, { recursive: true, force: true });
        }
      }
      const sessions = await sessionProof(host, check);
      const used = await usageProof(host, check);
      checks.push(sessions.ok, used.ok);
      proofs.push([host, sessions.session, sessions.exported, used.usage]);
      rows.push([host, version(host), before.length, after.length, `${added} (~${Math.round(added / 4)} tokens)`, checks.every(Boolean) ? "ok" : "FAILED"]);
    } finally {
      for (const p of [plain, installed]) rmSync(p.dir, { recursive: true, force: true });
    }
  }
  const table = [["host", "version", "bytes without", "bytes with", "added by maestro", "checks"], ...rows];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
  for (const r of table) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join("  "));
  console.log("\nsessions (two tool calls, a concurrent run, lease renewal by the after-tool hook):");
  for (const [host, session, exported] of proofs) console.log(`  ${host}: session ${session}; the host exports ${exported}`);
  console.log("\nusage (maestro handoff --wait, the CLI in its machine-readable mode):");
  for (const [host, , , usage] of proofs) console.log(`  ${host}: ${usage}`);
  if (failures.length) {
    console.error(`\n${failures.length} check(s) failed:\n${failures.map((f) => `  - ${f}`).join("\n")}`);
    process.exit(1);
  }
};

await main();
