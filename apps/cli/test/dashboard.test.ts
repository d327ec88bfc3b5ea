import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, fixture, makeRepo, type Repo } from "@maestro/testkit";

/** A workspace with something on every screen. */
const workspace = () => {
  const repo = makeRepo();
  const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
  repo.ok(["mission", "approve", id]);
  repo.ok(["feature", "update", "auth-plan", "-m", id, "--status", "in-progress"]);
  repo.ok(["checkpoint", "save", "-m", id, "--label", "started"]);
  const a = repo.json(["task", "create", "Wire the login form", "-p", "P1"]).task.id;
  repo.ok(["task", "create", "Write login tests", "--blocked-by", a]);
  repo.ok(["task", "create", "Update docs"]);
  repo.ok(["task", "claim", a], { env: { MAESTRO_SESSION: "alice" } });
  const hof = repo.json(["handoff", "Review the plan", "--agent", "claude", "--wait"], { env: { PATH: `${fixture("agents")}:${process.env.PATH}` } });
  repo.ok(["memory", "correct", "Never log auth tokens", "--keywords", "auth", "--severity", "hard"]);
  return { repo, id, task: a, hof: hof.id };
};

describe("Mission Control, non-interactive", () => {
  it("previews every screen from a real workspace with the statuses, counts and ids a person needs", () => {
    const { repo, id, task, hof } = workspace();
    const out = repo.ok(["mc", "--preview", "all", "--size", "120x40"]);
    const screens = Object.fromEntries(out.split(/^=== (\w+) ===\n/m).slice(1).reduce<[string, string][]>((acc, x, i, all) => (i % 2 === 0 ? [...acc, [x, all[i + 1]!]] : acc), []));
    expect(Object.keys(screens)).toEqual(["dashboard", "features", "tasks", "handoffs", "events", "timeline", "memory"]);
    for (const frame of Object.values(screens)) expect(frame.trimEnd().split("\n").length).toBeLessThanOrEqual(40);
    expect(screens.dashboard).toMatch(new RegExp(`${id}\\s+executing\\s+features \\[-+\\] 0/2\\s+assertions \\[-+\\] 0/1\\s+at plan`));
    expect(screens.dashboard).toMatch(/active 1 . ready 1 . blocked 1 . completed 0/);
    expect(screens.features).toMatch(/auth-plan\s+in-progress\s+codex-cli/);
    expect(screens.features).toMatch(/auth-impl\s+pending\s+codex-cli\s+needs auth-plan/);
    // (a pending assertion has no check mark: only a passed one does)
    expect(screens.features).toMatch(/· auth-login-works\s+pending/);
    expect(screens.tasks).toMatch(new RegExp(`ACTIVE \\(1\\)\\n\\s+${task}\\s+P1\\s+wire-the-login-form\\s+@alice`));
    expect(screens.tasks).toMatch(/BLOCKED \(1\)\n\s+tsk_\w+\s+P2\s+write-login-tests[\s\S]*waiting on/);
    // (with what it cost, as its CLI reported it, and how many files it changed)
    expect(screens.handoffs).toMatch(new RegExp(`${hof}\\s+claude\\s+opus\\s+completed\\s+\\d+m\\s+0\\s+\\$0\\.01\\s+\\d+\\s+Review the plan`));
    expect(screens.handoffs).toMatch(/claude: read \d+ bytes of brief/);
    expect(screens.events).toMatch(/CorrectionAdded/);
    // a checkpoint marks the state it restores: the event before CheckpointSaved
    expect(screens.timeline).toMatch(/◆\s+5 .*FeatureStatusChanged\s+◆ checkpoint "started" ckp_\w+ ·/);
    expect(screens.timeline).toMatch(/│\s+6 .*CheckpointSaved/);
    expect(screens.memory).toMatch(/mem_\w+\s+hard\s+Never log auth tokens/);
    expect(screens.memory).toMatch(/think-before-coding\s+gate/);
  });

  it("opens on the first mission still under way, not on a rejected one", () => {
    const repo = makeRepo();
    const rejected = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    repo.ok(["mission", "reject", rejected, "--reason", "not now"]);
    const live = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    repo.ok(["mission", "approve", live]);
    expect(repo.json(["mc", "--json"]).missions.map((m: any) => m.id)).toEqual([rejected, live]);
    const features = repo.ok(["mc", "--preview", "features", "--size", "120x40"]);
    expect(features).toContain(live);
    expect(features).not.toContain(rejected);
  });

  it("renders at 80x24 up to 250x70, says so when the terminal is too small, and honours NO_COLOR", () => {
    const { repo } = workspace();
    for (const size of ["80x24", "120x40", "250x70"]) expect(repo.ok(["mc", "--render-check", "--size", size])).toBe(`ok: 7 screens render within ${size}\n`);
    expect(repo.ok(["mc", "--preview", "dashboard", "--size", "60x20"])).toBe("terminal too small: need 80x24, have 60x20\n");
    expect(repo.ok(["mc", "--preview", "tasks", "--size", "120x40", "--format", "ansi"], { env: { NO_COLOR: "" } })).toMatch(/\x1b\[/);
    expect(repo.ok(["mc", "--preview", "tasks", "--size", "120x40", "--format", "ansi"], { env: { NO_COLOR: "1" } })).not.toMatch(/\x1b\[/);
    expect(repo.run(["mc", "--preview", "nope"]).stderr).toMatch(/--preview takes a screen/);
    expect(repo.run(["mc", "--preview", "all", "--size", "big"]).stderr).toMatch(/--size takes WIDTHxHEIGHT/);
    expect(repo.run(["mc"]).stderr).toMatch(/needs a terminal; for scripts use --preview, --json or --render-check/);
  });

  it("prints the snapshot the screens render as JSON, and writes nothing", () => {
    const { repo, id } = workspace();
    const before = repo.logs();
    const snap = repo.json(["mission-control"]);
    expect(Object.keys(snap)).toEqual(["takenAt", "workspace", "missions", "tasks", "handoffs", "events", "memory", "principles", "conflicts"]);
    expect(snap.missions[0]).toMatchObject({ id, status: "executing", activeMilestone: "plan" });
    expect(snap.tasks.active).toHaveLength(1);
    expect(repo.logs()).toEqual(before);
  });
});

const tmux = (...args: string[]) => execFileSync("tmux", args, { encoding: "utf8" });
const screenOf = (session: string) => tmux("capture-pane", "-p", "-t", session);
const waitFor = async (session: string, pattern: RegExp, ms = 10_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const s = screenOf(session);
    if (pattern.test(s)) return s;
    if (Date.now() > end) throw new Error(`screen never matched ${pattern}:\n${s}`);
    await new Promise((r) => setTimeout(r, 150));
  }
};

describe("Mission Control in a real terminal (tmux)", () => {
  it("visits every screen with keys, updates when another process appends, quits with q, and never writes", async () => {
    expect(spawnSync("tmux", ["-V"]).status, "tmux must be installed (scripts/setup.mjs installs it)").toBe(0);
    const { repo } = workspace();
    const r: Repo = repo;
    const session = `mc${process.pid}${Date.now() % 100000}`;
    const env = Object.entries({ MAESTRO_HOME: repo.home, NO_COLOR: "1", MAESTRO_SESSION: "viewer" }).map(([k, v]) => `${k}=${v}`).join(" ");
    tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", session, `cd ${repo.dir} && env ${env} ${process.execPath} ${BIN} mc; sleep 30`);
    try {
      await waitFor(session, /MISSIONS[\s\S]*active 1 . ready 1 . blocked 1/);
      const visits: [string, RegExp][] = [
        ["2", /auth-plan\s+in-progress/],
        ["3", /ACTIVE \(1\)[\s\S]*READY \(1\)[\s\S]*BLOCKED \(1\)/],
        ["4", /claude\s+opus\s+completed/],
        ["5", /CorrectionAdded/],
        // one Enter opens the selected event's detail (blessed reports it twice: it must not toggle back)
        ["Enter", /"stream": "[\s\S]*"type": "/],
        ["6", /CheckpointSaved/],
        ["7", /CORRECTIONS \(1\)[\s\S]*PRINCIPLES/],
        ["?", /HELP/],
        ["Escape", /CORRECTIONS/],
        ["1", /MISSIONS/],
      ];
      for (const [key, pattern] of visits) {
        tmux("send-keys", "-t", session, key);
        await waitFor(session, pattern);
      }
      const before = r.logs();
      r.ok(["task", "create", "Appeared while watching"]);
      const after = r.logs();
      await waitFor(session, /active 1 . ready 2 . blocked 1/);
      tmux("send-keys", "-t", session, "3");
      await waitFor(session, /appeared-while-watching/);
      tmux("send-keys", "-t", session, "q");
      await waitFor(session, /^\s*$/);
      expect(r.logs()).toEqual(after);
      expect(after).not.toEqual(before);
    } finally {
      spawnSync("tmux", ["kill-session", "-t", session]);
    }
  }, 120_000);
});
