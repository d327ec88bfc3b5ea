// The main job, for real: a mission run through the built CLI in a fresh temp git repo, the
// way an operator and agents would drive it: plan, approve, hand features to agents that read
// their briefs and reply (one reply kicked back by a gate, the next brief saying why), tasks,
// validation, checkpoint, seal, then the audit trail, a chain check, and the audit of the runs:
// what each was asked, said, changed in git and cost.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "dist", "maestro.js");
const dir = mkdtempSync(join(tmpdir(), "maestro-demo-"));
const home = mkdtempSync(join(tmpdir(), "maestro-demo-home-"));
const baseEnv = { ...process.env, MAESTRO_HOME: home, GIT_AUTHOR_NAME: "demo", GIT_AUTHOR_EMAIL: "demo@maestro.invalid", GIT_COMMITTER_NAME: "demo", GIT_COMMITTER_EMAIL: "demo@maestro.invalid" };

const maestro = (actor, ...args) => {
  console.log(`\n\x1b[2m[${actor}]\x1b[0m $ maestro ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  const out = execFileSync(process.execPath, [bin, ...args], { cwd: dir, env: { ...baseEnv, MAESTRO_ACTOR: actor }, encoding: "utf8" });
  process.stdout.write(out);
  return out;
};

execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir, env: baseEnv });
execFileSync("git", ["commit", "-q", "--allow-empty", "-m", "init"], { cwd: dir, env: baseEnv });
writeFileSync(join(dir, "plan.json"), execFileSync("cat", [join(root, "fixtures/plans/overview.json")]));
console.log(`demo repo: ${dir}`);

const op = "operator";
maestro(op, "init");
const id = JSON.parse(maestro(op, "mission", "create", "--file", "plan.json", "--json")).mission.id;
maestro(op, "mission", "approve", id);
maestro(op, "feature", "list", "--mission", id);
// fresh agent runs with self-contained briefs. The agent CLIs cannot reach their services here,
// so this launches the stand-ins from fixtures/agents, which do what a real agent told by its
// brief does: read the brief on stdin, write the report in the shape it shows and run the reply
// command it names (their events carry the handoff's actor).
// (`work`: what the stand-in leaves in git, as an agent would: a commit, an uncommitted edit)
const launch = (actor, reply, args, work = {}) => {
  console.log(`\n\x1b[2m[${actor}]\x1b[0m $ maestro ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(" ")}`);
  const env = { ...baseEnv, PATH: `${join(root, "fixtures/agents")}:${process.env.PATH}`, FAKE_AGENT_MAESTRO: bin, FAKE_AGENT_REPLY: reply, MAESTRO_ACTOR: actor, ...work };
  const out = execFileSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: "utf8" });
  process.stdout.write(out);
  return JSON.parse(out);
};
const show = (hof) => console.log(`\n--- the brief ${hof.agent} got on stdin (${hof.promptPath}) ---\n${readFileSync(hof.promptPath, "utf8")}--- what ${hof.agent} printed ---\n${readFileSync(hof.outputPath, "utf8")}`);
// the planner's first report leaves out its assumptions: the think-before-coding gate sends it back
const first = launch(op, "completed-no-assumptions", ["handoff", "Plan the auth work", "--agent", "codex", "--mission", id, "--feature", "auth-plan", "--wait", "--json"]);
show(first);
maestro(op, "reply", "show", "auth-plan", "--mission", id);
// the next brief says what was tried and why it went back; this run reports in full
const second = launch(op, "completed", ["handoff", "Plan the auth work again, with what went wrong last time", "--agent", "claude", "--mission", id, "--feature", "auth-plan", "--wait", "--json"], { FAKE_AGENT_COMMIT: "docs/auth-plan.md=# Auth plan\nSigned cookies, 15 minute sessions.\n" });
show(second);
maestro(op, "reply", "show", "auth-plan", "--mission", id);
maestro(op, "milestone", "seal", "plan", "--mission", id);
// the daily queue: a task for the implementation, linked to the feature
const task = JSON.parse(maestro(op, "task", "create", "Implement the auth flow", "--priority", "P1", "--feature", "auth-impl", "--mission", id, "--json")).task.id;
maestro(op, "task", "claim", task, "--session", op);
maestro(op, "task", "update", task, "--session", op, "--current-state", "plan approved", "--next-action", "build the login form", "--add-decision", "signed cookies");
const hof = launch(op, "completed", ["handoff", "Implement auth-impl and run its verification steps", "--agent", "claude", "--mission", id, "--feature", "auth-impl", "--task-id", task, "--wait", "--json"], {
  FAKE_AGENT_COMMIT: "src/auth.ts=export const login = (user: string) => user.length > 0;\n",
  FAKE_AGENT_EDIT: "src/auth.test.ts=// todo: the expiry test\n",
  FAKE_AGENT_USAGE: JSON.stringify({ input: 48_000, output: 3_200, cached: 30_000, costUsd: 0.41 }),
});
maestro(op, "handoff", "list");
maestro(op, "task", "update", task, "--session", op, "--status", "completed", "--reason", "auth-impl in review", "--receipt", hof.id);
maestro(op, "validate", "show", "--mission", id);
maestro(op, "validate", "update", "auth-login-works", "--mission", id, "--result", "passed", "--evidence", "pnpm test: 12 passed");
maestro(op, "checkpoint", "save", "--mission", id, "--label", "ready-to-seal");
maestro(op, "milestone", "seal", "implement", "--mission", id);
maestro(op, "mission", "complete", id);
maestro(op, "mission", "show", id);
console.log("\n--- time travel: the same mission as of event 5 ---");
maestro(op, "mission", "show", id, "--at", "5");
console.log("\n--- the audit trail ---");
maestro(op, "log", "--mission", id);
maestro(op, "task", "history", task);
maestro(op, "log", "verify");
maestro(op, "task", "status", "--session", op);
console.log("\n--- what each run was asked, said, changed in git and cost (for a pull request) ---");
maestro(op, "audit", "--mission", id, "--format", "md");
console.log(`\nstate lives in ${join(dir, ".maestro")}; every line above is an event in the segments of missions/${id}/`);
