// What every use case needs from the outside world, gathered once by the app: where we are,
// who is acting, the clock and id generation. Core never sees these; they arrive as data.
import { readlinkSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { customAlphabet, nanoid } from "nanoid";
import { ID_PREFIXES, type IdKind } from "@maestro/core/ids";
import type { AppendMeta } from "@maestro/store/append";
import { maestroHome } from "@maestro/store/workspace";
import { InvalidInput } from "@maestro/core/errors";
import { lineProblem } from "@maestro/core/text";

export interface Ctx {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly actor: string;
  readonly now: () => string;
  readonly newId: (kind: IdKind) => string;
  readonly warn: (message: string) => void;
}

// lowercase ids for things people type and that name directories
const shortId = customAlphabet("0123456789abcdefghijklmnopqrstuvwxyz", 10);

export const newId = (kind: IdKind): string => `${ID_PREFIXES[kind]}_${kind === "event" ? nanoid(12) : shortId()}`;

/** Agent CLIs that announce themselves in the environment of the shells they run. */
const AGENT_SESSIONS: readonly (readonly [agent: string, vars: readonly string[]])[] = [
  ["codex", ["CODEX_SESSION_ID", "CODEX_THREAD_ID"]],
  ["claude", ["CLAUDE_SESSION_ID", "CLAUDE_CODE_SESSION_ID"]],
  ["gemini", ["GEMINI_SESSION_ID", "GEMINI_CLI_SESSION_ID"]],
];

/** `<agent>:<session id>` when this process runs inside an agent CLI's shell. */
export const detectAgentSession = (env: NodeJS.ProcessEnv): string | undefined => {
  for (const [agent, vars] of AGENT_SESSIONS)
    for (const v of vars) {
      const id = env[v]?.trim();
      if (id) return `${agent}:${id}`;
    }
  return env["CLAUDECODE"] === "1" ? "claude:session" : undefined;
};

export const userName = (env: NodeJS.ProcessEnv): string => {
  try {
    return userInfo().username;
  } catch {
    // no passwd entry (containers): keep $USER
    return env["USER"] ?? "user";
  }
};

/** `--actor`, else MAESTRO_ACTOR, else a detected agent session, else user@host. */
export const resolveActor = (flag: string | undefined, env: NodeJS.ProcessEnv): string => {
  const actor = flag?.trim() || env["MAESTRO_ACTOR"]?.trim() || detectAgentSession(env) || `${userName(env)}@${hostname()}`;
  // (an actor is a column of every audit row: a newline in it would forge one)
  const bad = lineProblem(actor);
  if (bad) throw new InvalidInput({ condition: "InvalidValue", message: `the actor (--actor, $MAESTRO_ACTOR or --session) ${bad}` });
  return actor;
};

/** Who and when for the events a use case appends. */
export const appendMetaOf = (ctx: Ctx): AppendMeta => ({ actor: ctx.actor, now: ctx.now, newEventId: () => ctx.newId("event"), randomName: shortId, warn: ctx.warn });

export const createContext = (opts: { cwd?: string; env?: NodeJS.ProcessEnv; actor?: string; warn?: (m: string) => void } = {}): Ctx => {
  const env = opts.env ?? process.env;
  return {
    cwd: opts.cwd ?? process.cwd(),
    env,
    home: maestroHome(env),
    actor: resolveActor(opts.actor, env),
    now: () => new Date().toISOString(),
    newId,
    warn: opts.warn ?? ((m) => process.stderr.write(`warning: ${m}\n`)),
  };
};

/** `--session`, else MAESTRO_SESSION, else the actor if one was given, else an agent session, else this terminal. */
export const resolveSession = (flag: string | undefined, actorFlag: string | undefined, env: NodeJS.ProcessEnv): string => {
  const given = flag?.trim() || env["MAESTRO_SESSION"]?.trim() || actorFlag?.trim() || env["MAESTRO_ACTOR"]?.trim();
  if (given) return given;
  const agent = detectAgentSession(env);
  if (agent) return agent;
  const terminal = env["TMUX_PANE"] ? `tmux${env["TMUX_PANE"]}` : env["TERM_SESSION_ID"] ? `term:${env["TERM_SESSION_ID"]}` : ttyName();
  return `${userName(env)}@${hostname()}:${terminal ?? `pid${process.ppid}`}`;
};

const ttyName = (): string | undefined => {
  if (!process.stdin.isTTY) return undefined;
  try {
    return readlinkSync("/proc/self/fd/0").replace(/^\/dev\//, "");
  } catch {
    return undefined;
  }
};

/** A context whose actor is the task session. */
export const sessionContext = (opts: { session?: string; actor?: string; cwd?: string; env?: NodeJS.ProcessEnv; warn?: (m: string) => void }): Ctx => {
  const env = opts.env ?? process.env;
  return createContext({ ...opts, env, actor: resolveSession(opts.session, opts.actor, env) });
};
