import { defineCommand } from "../command.js";
import { fstatSync, readFileSync } from "node:fs";
import type { Argv } from "yargs";
import { atOf, sessionCtxOf, withTimeAt } from "../args.js";
import { io } from "../io.js";
import { out, printJson } from "../output.js";

/** The SessionStart hook's stdin (Claude Code, Codex and Gemini CLI send JSON with the host's session id); never waited on from a terminal. */
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

/** What every host accepts as SessionStart context. */
const hookJson = (context: string) => JSON.stringify({ hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: context } }) + "\n";

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: "prime",
      describe: "the calling agent's current context: its task and continuation, its handoff, its feature",
      builder: (b) =>
        withTimeAt(b)
          .option("session", { type: "string", describe: "who is acting (default: $MAESTRO_SESSION, the actor, an agent session, or this terminal)" })
          .option("hook-json", { type: "boolean", describe: "as a SessionStart hook's JSON (read-only; exits 0 with empty context on any error)" })
          .option("agent", { type: "string", describe: "with --hook-json: the host (claude, codex, gemini) whose session id the hook's stdin carries" }),
      handler: async (a) => {
        const { prime } = await import("@maestro/engine/prime");
        if (a.hookJson) {
          // a start hook that fails or hangs blocks the agent: any error is an empty context
          try {
            const payload = hookPayload();
            // MAESTRO_SESSION (a handoff's) and --session win over the host's own session id
            const hostSession = typeof payload.session_id === "string" && payload.session_id.trim() && !io().env["MAESTRO_SESSION"] && !a.session ? `${a.agent ?? "agent"}:${payload.session_id.trim()}` : undefined;
            return out(hookJson(await prime(sessionCtxOf({ ...a, ...(hostSession ? { session: hostSession } : {}) }), atOf(a))));
          } catch {
            return out(hookJson(""));
          }
        }
        const text = await prime(sessionCtxOf(a), atOf(a));
        if (a.json) return printJson({ text });
        out(text);
      },
    }),
  );
