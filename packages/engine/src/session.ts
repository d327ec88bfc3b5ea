// Which task session a command runs as, and where that came from. An agent's session must stay
// itself across its tool calls, each of which is a fresh shell: so, in order, the session given
// (--session, MAESTRO_SESSION, an actor), the agent host's own session variable, what the
// SessionStart hook learned (MAESTRO_HOOK_SESSION, left in Claude Code's CLAUDE_ENV_FILE), this terminal,
// and else the nearest long-lived ancestor process (the agent host or the script that runs
// commands, never the shell of one tool call). Where none of these is found, claims are
// refused, naming MAESTRO_SESSION (a session that changed with every call would lose its own
// claims).
import { appendFileSync, existsSync, readFileSync, readlinkSync } from "node:fs";
import { hostname, userInfo } from "node:os";

export interface Session {
  readonly id: string;
  /** where it came from, for `maestro whoami` */
  readonly source: string;
}

/** Agent CLIs that announce their session in the environment of the shells they run. */
// (`toTools`: the host gives the variable to its shell tools, not only to its hooks; proven by
// `npm run accept:agents`: Claude Code 2.1.332 and Codex 0.171.0 do, Gemini CLI 0.61.0 does not)
const HOST_VARIABLES: readonly (readonly [agent: string, vars: readonly string[], toTools: boolean])[] = [
  ["codex", ["CODEX_SESSION_ID", "CODEX_THREAD_ID"], true],
  ["claude", ["CLAUDE_SESSION_ID", "CLAUDE_CODE_SESSION_ID"], true],
  ["gemini", ["GEMINI_SESSION_ID", "GEMINI_CLI_SESSION_ID"], false],
];

/** Whether the host's shell tools see the session id its hooks get (so a hook can act as that session). */
export const toolsSeeHostSession = (agent: string): boolean => HOST_VARIABLES.some(([a, , toTools]) => a === agent && toTools);

/** The environment without an agent host's session variables: as that host's shell tools see it, where it gives them only to its hooks. */
export const withoutHostSession = (env: NodeJS.ProcessEnv, agent: string): NodeJS.ProcessEnv => {
  const vars = HOST_VARIABLES.find(([a]) => a === agent)?.[1] ?? [];
  return Object.fromEntries(Object.entries(env).filter(([k]) => !vars.includes(k)));
};

/** `<agent>:<session id>` from an agent host's own session variable, and the variable. */
export const hostSession = (env: NodeJS.ProcessEnv): Session | undefined => {
  for (const [agent, vars] of HOST_VARIABLES)
    for (const v of vars) {
      const id = env[v]?.trim();
      if (id) return { id: `${agent}:${id}`, source: `$${v}` };
    }
  return undefined;
};

export const userName = (env: NodeJS.ProcessEnv): string => {
  try {
    return userInfo().username;
  } catch {
    // no passwd entry (containers): keep $USER
    return env["USER"] ?? "user";
  }
};

// processes that live for one tool call, or only start another: never a session
const TRANSIENT = new Set(["sh", "bash", "zsh", "dash", "fish", "ksh", "mksh", "ash", "tcsh", "csh", "busybox", "env", "nohup", "timeout", "xargs", "sudo", "su", "script", "time", "stdbuf", "npm", "npx", "pnpm", "yarn", "corepack"]);

interface Proc {
  readonly pid: number;
  readonly comm: string;
  readonly ppid: number;
}

const procOf = (pid: number): Proc | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    return { pid, comm: stat.slice(stat.indexOf("(") + 1, close), ppid: Number(stat.slice(close + 2).split(" ")[1]) };
  } catch {
    return undefined;
  }
};

/** Whether a process only runs others for a moment: a shell, a wrapper, or node running a package manager. */
const transient = (p: Proc): boolean => {
  const first = p.comm.split(/[\s:]/)[0]!;
  if (TRANSIENT.has(first)) return true;
  if (first !== "node") return false;
  try {
    return /(^|\/)(npm|npx|pnpm|yarn|corepack)(-cli)?(\.c?js)?\0/.test(readFileSync(`/proc/${p.pid}/cmdline`, "utf8"));
  } catch {
    return false;
  }
};

/** The nearest ancestor that outlives one tool call (undefined where /proc cannot tell). */
export const longLivedAncestor = (from: number = process.ppid): Proc | undefined => {
  for (let p = procOf(from), hops = 0; p && p.pid > 1 && hops < 64; p = procOf(p.ppid), hops++) if (!transient(p)) return p;
  return undefined;
};

const ttyName = (): string | undefined => {
  if (!process.stdin.isTTY) return undefined;
  try {
    return readlinkSync("/proc/self/fd/0").replace(/^\/dev\//, "");
  } catch {
    return undefined;
  }
};

/** The session a command runs as, or undefined when none can be told (then claims are refused). */
export const resolveSession = (flag: string | undefined, actorFlag: string | undefined, env: NodeJS.ProcessEnv): Session | undefined => {
  if (flag?.trim()) return { id: flag.trim(), source: "--session" };
  if (env["MAESTRO_SESSION"]?.trim()) return { id: env["MAESTRO_SESSION"].trim(), source: "$MAESTRO_SESSION" };
  if (actorFlag?.trim()) return { id: actorFlag.trim(), source: "--actor" };
  if (env["MAESTRO_ACTOR"]?.trim()) return { id: env["MAESTRO_ACTOR"].trim(), source: "$MAESTRO_ACTOR" };
  const host = hostSession(env);
  if (host) return host;
  // (Claude Code's SessionStart hook learned the session from its stdin and left it in $CLAUDE_ENV_FILE, which the host sources for each shell)
  if (env["MAESTRO_HOOK_SESSION"]?.trim()) return { id: env["MAESTRO_HOOK_SESSION"].trim(), source: "the SessionStart hook ($MAESTRO_HOOK_SESSION, via $CLAUDE_ENV_FILE)" };
  const who = `${userName(env)}@${hostname()}`;
  const terminal = env["TMUX_PANE"] ? `tmux${env["TMUX_PANE"]}` : env["TERM_SESSION_ID"] ? `term:${env["TERM_SESSION_ID"]}` : ttyName();
  if (terminal) return { id: `${who}:${terminal}`, source: "this terminal" };
  const a = longLivedAncestor();
  // (inside Claude Code, which says only CLAUDECODE=1, the host process tells its terminals apart)
  const agent = env["CLAUDECODE"] === "1" ? "claude" : undefined;
  if (a) return { id: agent ? `claude:${who}:pid${a.pid}` : `${who}:${a.comm.split(/[\s:]/)[0]}-${a.pid}`, source: `the long-lived process that runs this command (${a.comm}, pid ${a.pid})` };
  return undefined;
};

/** Leaves the session a SessionStart hook learned in the host's env file (Claude Code's CLAUDE_ENV_FILE), once. */
export const rememberHookSession = (envFile: string, id: string) => {
  const line = `export MAESTRO_HOOK_SESSION='${id.replace(/'/g, `'\\''`)}'`;
  if (existsSync(envFile) && readFileSync(envFile, "utf8").split("\n").includes(line)) return;
  appendFileSync(envFile, `${line}\n`);
};
