// Options shared by many commands and how their values become engine inputs.
import type { Argv } from "yargs";
import { InvalidInput } from "@maestro/core/errors";
import { createContext, sessionContext, type Ctx } from "@maestro/engine/context";
import { io } from "./io.js";
import { err } from "./output.js";

// (`| undefined`: yargs gives every declared option, set or not)
export interface Common {
  readonly json?: boolean | undefined;
  readonly actor?: string | undefined;
  readonly mission?: string | undefined;
  readonly at?: string | undefined;
  /** the task session (task, handoff, prime and mcp take `--session`) */
  readonly session?: string | undefined;
}

/** The run's world, as every use case sees it. */
const world = () => ({ env: io().env, cwd: io().cwd, warn: (m: string) => err(`warning: ${m}\n`) });
export const ctxOf = (a: Common): Ctx => createContext({ ...world(), ...(a.actor === undefined ? {} : { actor: a.actor }) });
/** For commands whose actor is the task session (`--session`, see `resolveSession`); a hook passes the environment its host's tools see. */
export const sessionCtxOf = (a: Common, env: NodeJS.ProcessEnv = io().env): Ctx => sessionContext({ ...world(), env, ...(a.session ? { session: a.session } : {}), ...(a.actor ? { actor: a.actor } : {}) });

/** `--mission`, or the one active mission (the mission reads loaded only when a command names one). */
export const missionOf = async (ctx: Ctx, a: Common): Promise<string> => (await import("@maestro/engine/missions")).resolveMissionId(ctx, a.mission);

export const withMission = <T>(y: Argv<T>) => y.option("mission", { alias: "m", type: "string", describe: "mission id (optional when exactly one mission is active)" });
export const withAt = <T>(y: Argv<T>) =>
  y.option("at", { type: "string", describe: "the state as of: an event seq, an event id (its writer's view), a checkpoint id, or an ISO time" });

/** `--at` on a read across streams (missions, tasks, launches): only a time is one moment in all of them. */
export const withTimeAt = <T>(y: Argv<T>) => y.option("at", { type: "string", describe: "the state as of an ISO time (e.g. 2026-12-01T12:00:00Z)" });

/** `--at` as given; the engine resolves it against the stream it reads. */
export const atOf = (a: Common): { at?: string } => {
  if (a.at === undefined) return {};
  if (typeof a.at !== "string" || !a.at.trim()) throw new InvalidInput({ condition: "UsageError", message: "--at needs a value: an event seq, an event id, a checkpoint id or an ISO time" });
  return { at: a.at.trim() };
};


/** A flag that must be one of a fixed set, checked before anything is loaded. `in-progress` and `in_progress` are one value: features spell it one way, tasks the other. */
export const oneOf = <T extends string>(flag: string, value: unknown, allowed: readonly T[]): T => {
  if (typeof value === "string") {
    const v = value.trim();
    const found = (allowed as readonly string[]).find((x) => x === v || x.replace(/[-_]/g, "") === v.replace(/[-_]/g, ""));
    if (found !== undefined) return found as T;
  }
  throw new InvalidInput({ condition: "InvalidValue", message: `--${flag} must be one of ${allowed.join(", ")}, got ${JSON.stringify(value)}` });
};

/** A comma-separated flag value as a list, blanks dropped. */
export const csv = (s: string | undefined): string[] => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);
