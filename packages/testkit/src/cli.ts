// Runs the built CLI (dist/maestro.js) as a user would: a child process in a temp git repo,
// with MAESTRO_HOME in a temp dir. Also snapshots the bytes of every log, so a test can say
// "a refused command changed nothing".
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { lstatSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { CONDITIONS, exitCodeOf, type Condition, type Kind, type MaestroError } from "@maestro/core/errors";

export const ROOT = new URL("../../../", import.meta.url).pathname;
export const BIN = join(ROOT, "dist", "maestro.js");
export const FIXTURES = join(ROOT, "fixtures");

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Repo {
  readonly dir: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  run(args: readonly string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string }): RunResult;
  /** the same, expecting exit 0; returns stdout */
  ok(args: readonly string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): string;
  json<T = any>(args: readonly string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): T;
  spawn(args: readonly string[], opts?: { env?: NodeJS.ProcessEnv }): Promise<RunResult>;
  /** bytes of every file under .maestro/ except caches and locks */
  logs(): Record<string, string>;
}

const GIT_ENV = { GIT_AUTHOR_NAME: "maestro test", GIT_AUTHOR_EMAIL: "test@maestro.invalid", GIT_COMMITTER_NAME: "maestro test", GIT_COMMITTER_EMAIL: "test@maestro.invalid" };

export const makeRepo = (opts: { init?: boolean; git?: boolean; /** where (default: a new temp dir) */ dir?: string } = {}): Repo => {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), "maestro-repo-"));
  const repo = repoAt(dir, { MAESTRO_ACTOR: "tester" });
  if (opts.git !== false) {
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir, env: repo.env });
    execFileSync("git", ["commit", "-q", "--allow-empty", "-m", "init"], { cwd: dir, env: repo.env });
  }
  if (opts.init !== false) repo.ok(["init"]);
  return repo;
};

/** A bare repository in a temp dir, standing in for GitHub, and clones of it: one per teammate, each with its own MAESTRO_HOME. */
export const makeRemote = () => {
  const remote = mkdtempSync(join(tmpdir(), "maestro-remote-"));
  execFileSync("git", ["init", "-q", "--bare", "-b", "main", remote]);
  return {
    remote,
    /** git in the bare repository itself (e.g. `merge-tree --write-tree`, what a host's merge button runs) */
    git: (args: readonly string[]) => spawnSync("git", args, { cwd: remote, env: { ...process.env, ...GIT_ENV }, encoding: "utf8" }),
    clone: (actor: string): Repo => {
      const dir = join(mkdtempSync(join(tmpdir(), `maestro-${actor}-`)), "repo");
      execFileSync("git", ["clone", "-q", remote, dir], { env: { ...process.env, ...GIT_ENV }, stdio: "ignore" });
      return repoAt(dir, { MAESTRO_ACTOR: actor });
    },
    /** The first clone of the empty remote: a first commit, and maestro initialized (nothing pushed yet). */
    first: (actor: string): Repo => {
      const dir = join(mkdtempSync(join(tmpdir(), `maestro-${actor}-`)), "repo");
      execFileSync("git", ["clone", "-q", remote, dir], { env: { ...process.env, ...GIT_ENV }, stdio: "ignore" });
      const r = repoAt(dir, { MAESTRO_ACTOR: actor });
      git(r, ["commit", "-q", "--allow-empty", "-m", "init"]);
      r.ok(["init"]);
      return r;
    },
  };
};

/** A team: alice sets up maestro with a shared task (slug `shared`) and an approved mission, and pushes; bob clones. */
export const makeTeam = () => {
  const host = makeRemote();
  const alice = host.first("alice");
  alice.ok(["task", "create", "Shared work", "--slug", "shared"]);
  const mission = alice.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id as string;
  alice.ok(["mission", "approve", mission]);
  git(alice, ["add", "-A"]);
  git(alice, ["commit", "-q", "-m", "maestro state"]);
  git(alice, ["push", "-q", "origin", "HEAD:main"]);
  const bob = host.clone("bob");
  return { host, alice, bob, mission };
};

/** Runs git in a repo's checkout, expecting exit 0; returns stdout. */
export const git = (repo: Pick<Repo, "dir" | "env">, args: readonly string[], cwd = repo.dir): string => {
  const r = spawnSync("git", args, { cwd, env: repo.env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} exited ${r.status}: ${r.stdout}${r.stderr}`);
  return r.stdout;
};

const repoAt = (dir: string, extraEnv: NodeJS.ProcessEnv): Repo => {
  const home = mkdtempSync(join(tmpdir(), "maestro-home-"));
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, MAESTRO_HOME: home, NO_COLOR: "1", ...extraEnv };
  const run = (args: readonly string[], o: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}): RunResult => {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: o.cwd ?? dir, env: { ...env, ...o.env }, encoding: "utf8", input: o.input ?? "", maxBuffer: 1 << 28 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const repo: Repo = {
    dir,
    home,
    env,
    run,
    ok(args, o) {
      const r = run(args, o);
      if (r.code !== 0) throw new Error(`maestro ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
      return r.stdout;
    },
    json(args, o) {
      return JSON.parse(repo.ok([...args, "--json"], o));
    },
    spawn(args, o = {}) {
      return new Promise((resolve) => {
        const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...env, ...o.env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
      });
    },
    logs() {
      const out: Record<string, string> = {};
      const walk = (d: string) => {
        let entries: string[] = [];
        try {
          entries = readdirSync(d);
        } catch {
          return;
        }
        for (const name of entries) {
          const p = join(d, name);
          if (name === ".cache" || name.endsWith(".lock")) continue;
          // (what lstat says: a hostile symlink or FIFO is named, never followed or opened)
          const st = lstatSync(p);
          if (st.isDirectory()) walk(p);
          else out[relative(dir, p)] = st.isFile() ? readFileSync(p, "latin1") : `<${st.isSymbolicLink() ? "symlink" : "special file"}>`;
        }
      };
      walk(join(dir, ".maestro"));
      return out;
    },
  };
  return repo;
};

export const fixture = (...parts: string[]) => join(FIXTURES, ...parts);

/** The segment files of a stream folder (every `*.jsonl` directly in it), sorted. */
export const segmentFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((n) => n.endsWith(".jsonl"))
    .sort()
    .map((n) => join(dir, n));

/**
 * Checks a command that must be refused for `condition`, from its two runs (as given, and with
 * `--json`) and the logs before and after both: the condition's exit code and one line on
 * stderr, never a raw control character, nothing on stdout, the condition named under `--json`,
 * every log byte as it was. Returns the human stderr, for its message.
 */
export const checkRefusal = (what: string, condition: Condition, human: RunResult, json: RunResult, before: Record<string, string>, after: Record<string, string>): string => {
  const kind = (Object.keys(CONDITIONS) as Kind[]).find((k) => (CONDITIONS[k] as readonly string[]).includes(condition))!;
  const code = exitCodeOf({ _tag: kind } as MaestroError);
  const got = (() => {
    try {
      return JSON.parse(json.stderr).error?.condition;
    } catch {
      return `(no JSON error: ${json.stderr})`;
    }
  })();
  if (human.code !== code || json.code !== code || got !== condition) throw new Error(`${what}: expected ${condition} (exit ${code}), got ${got} (exit ${human.code}): ${human.stderr}`);
  if (human.stderr.trimEnd().split("\n").length !== 1) throw new Error(`${what}: expected one line on stderr, got:\n${human.stderr}`);
  if (human.stdout !== "") throw new Error(`${what}: a refused command printed on stdout:\n${human.stdout}`);
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(human.stderr)) throw new Error(`${what}: a raw control character on stderr`);
  if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`${what}: a refused command changed the logs`);
  return human.stderr;
};

/** Runs a command that must be refused for `condition` (see checkRefusal); returns its stderr. */
export const refused = (repo: Repo, args: readonly string[], condition: Condition, opts: { env?: NodeJS.ProcessEnv } = {}): string => {
  const before = repo.logs();
  const human = repo.run(args, opts);
  const json = repo.run([...args, "--json"], opts);
  return checkRefusal(`maestro ${args.join(" ")}`, condition, human, json, before, repo.logs());
};

/** The overview plan as an approved mission (the start of most mission journeys); its id. */
export const approvedMission = (repo: Repo): string => {
  const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id as string;
  repo.ok(["mission", "approve", id]);
  return id;
};
