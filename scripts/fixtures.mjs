// Regenerates fixtures/logs/ from a real run of the built CLI (the mission's one segment), and
// the state mission-v1.jsonl folds to (a log written before segments: no clocks; never
// regenerated). Tests never rewrite fixtures; run this (`node scripts/fixtures.mjs`) and review the diff.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "dist", "maestro.js");
const dir = mkdtempSync(join(tmpdir(), "maestro-fixtures-"));
const env = { ...process.env, MAESTRO_HOME: join(dir, ".home"), MAESTRO_ACTOR: "fixture", NO_COLOR: "1" };
const m = (...args) => execFileSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: "utf8" });

execFileSync("git", ["init", "-q"], { cwd: dir });
m("init");
const id = JSON.parse(m("mission", "create", "--file", join(root, "fixtures/plans/overview.json"), "--json")).mission.id;
m("mission", "approve", id);
m("feature", "update", "auth-plan", "-m", id, "--status", "in-progress");
m("feature", "update", "auth-plan", "-m", id, "--status", "review");
m("milestone", "seal", "plan", "-m", id);
m("feature", "update", "auth-impl", "-m", id, "--status", "in-progress");
m("checkpoint", "save", "-m", id, "--label", "impl-started");

const missionDir = join(dir, ".maestro/missions", id);
const [segment] = readdirSync(missionDir).filter((n) => n.endsWith(".jsonl"));
const out = join(root, "fixtures/logs");
// a stream folder keeps its segment's name: checkpoints name segments
rmSync(join(out, "mission-valid"), { recursive: true, force: true });
mkdirSync(join(out, "mission-valid"));
copyFileSync(join(missionDir, segment), join(out, "mission-valid", segment));
writeFileSync(join(out, "mission-valid.state.json"), m("mission", "show", id, "--json"));
// the v1 log, alone in a mission of its own, and the damaged logs made from it
const log = readFileSync(join(out, "mission-v1.jsonl"), "utf8");
const v1 = JSON.parse(log.split("\n")[0]).data.missionId;
mkdirSync(join(dir, ".maestro/missions", v1), { recursive: true });
copyFileSync(join(out, "mission-v1.jsonl"), join(dir, ".maestro/missions", v1, "events.jsonl"));
writeFileSync(join(out, "mission-v1.state.json"), m("mission", "show", v1, "--json"));
// a writer that died mid-line: the last line has no newline and is cut short
writeFileSync(join(out, "mission-torn-tail.jsonl"), log + log.split("\n")[1].slice(0, 40));
// a line in the middle that is not JSON any more
const lines = log.split("\n");
lines[4] = lines[4].slice(0, 30) + "#garbage#";
writeFileSync(join(out, "mission-corrupt-middle.jsonl"), lines.join("\n"));
// a line in the middle whose fields were edited by hand: still JSON, chain broken
const edited = log.split("\n");
edited[2] = edited[2].replace('"to":"executing"', '"to":"paused"');
writeFileSync(join(out, "mission-edited-middle.jsonl"), edited.join("\n"));
console.log(`fixtures/logs regenerated from mission ${id}`);
