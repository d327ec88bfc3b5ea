// What an agent host's hook hands us on stdin (Claude Code, Codex and Gemini CLI send JSON with
// their session id), and the session a hook acts as: the one the CLI in the host's shell tools
// will be, so the hook primes and renews what the agent's own commands hold. A hook never waits
// on a terminal and never fails its host: whatever it cannot read is nothing.
import { fstatSync, readFileSync } from "node:fs";
import type { Ctx } from "@maestro/engine/context";
import { toolsSeeHostSession, withoutHostSession } from "@maestro/engine/session";
import { sessionCtxOf, type Common } from "./args.js";
import { io } from "./io.js";

const hookPayload = (): { session_id?: unknown } => {
  try {
    if (fstatSync(0).isCharacterDevice()) return {};
    const text = readFileSync(0, "utf8");
    const v: unknown = text.trim() ? JSON.parse(text) : {};
    return v !== null && typeof v === "object" ? v : {};
  } catch {
    return {};
  }
};

/**
 * The context a hook of `agent` runs in, and the host session id it learned from stdin (if its
 * tools see it too). MAESTRO_SESSION (a handoff's) and --session say who acts before any host.
 */
export const hookCtxOf = (a: Common & { readonly agent?: string | undefined }): { ctx: Ctx; hostSession: string | undefined } => {
  const payload = hookPayload();
  const given = io().env["MAESTRO_SESSION"] || a.session;
  const id = typeof payload.session_id === "string" ? payload.session_id.trim() : "";
  // (a host whose tools do not see its session id, Gemini CLI: its hooks, like its tools, are the host process)
  const seen = a.agent !== undefined && toolsSeeHostSession(a.agent);
  if (!given && a.agent && id && seen) {
    const hostSession = `${a.agent}:${id}`;
    return { ctx: sessionCtxOf({ ...a, session: hostSession }), hostSession };
  }
  const env = a.agent && !seen ? withoutHostSession(io().env, a.agent) : io().env;
  return { ctx: sessionCtxOf(a, env), hostSession: undefined };
};
