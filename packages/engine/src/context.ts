// What every use case needs from the outside world, gathered once by the app: where we are,
// who is acting, the clock and id generation. Core never sees these; they arrive as data.
import { hostname } from "node:os";
import { customAlphabet, nanoid } from "nanoid";
import { ID_PREFIXES, type IdKind } from "@maestro/core/ids";
import type { AppendMeta } from "@maestro/store/append";
import { maestroHome } from "@maestro/store/workspace";
import { InvalidInput } from "@maestro/core/errors";
import { lineProblem } from "@maestro/core/text";
import { hostSession, resolveSession, userName, type Session } from "./session.js";

export { userName } from "./session.js";

export interface Ctx {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly actor: string;
  readonly now: () => string;
  readonly newId: (kind: IdKind) => string;
  readonly warn: (message: string) => void;
  /** the task session and where it came from (null: none could be told; undefined: not a session command) */
  readonly session?: Session | null;
  /** a read session's folds, by stream (`readSession`): one screen or report folds each stream once */
  readonly reads?: Map<string, Promise<unknown>>;
}

// lowercase ids for things people type and that name directories
const shortId = customAlphabet("0123456789abcdefghijklmnopqrstuvwxyz", 10);

export const newId = (kind: IdKind): string => `${ID_PREFIXES[kind]}_${kind === "event" ? nanoid(12) : shortId()}`;

/** `--actor`, else MAESTRO_ACTOR, else a detected agent session, else user@host. */
export const resolveActor = (flag: string | undefined, env: NodeJS.ProcessEnv): string => {
  const actor = flag?.trim() || env["MAESTRO_ACTOR"]?.trim() || hostSession(env)?.id || `${userName(env)}@${hostname()}`;
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

/** A context whose actor is the task session (see session.ts); without one, the user, and no session to claim with. */
export const sessionContext = (opts: { session?: string; actor?: string; cwd?: string; env?: NodeJS.ProcessEnv; warn?: (m: string) => void }): Ctx => {
  const env = opts.env ?? process.env;
  const session = resolveSession(opts.session, opts.actor, env);
  return { ...createContext({ ...opts, env, actor: session?.id ?? `${userName(env)}@${hostname()}` }), session: session ?? null };
};
