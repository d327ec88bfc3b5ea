import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { atOf, sessionCtxOf, withTimeAt } from "../args.js";
import { hookCtxOf } from "../hook-input.js";
import { io } from "../io.js";
import { out, printJson } from "../output.js";


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
            const { ctx, hostSession } = hookCtxOf(a);
            // (Claude Code sources this file in each shell it runs: the CLI there acts as the session primed here)
            const envFile = io().env["CLAUDE_ENV_FILE"];
            if (hostSession && envFile) (await import("@maestro/engine/session")).rememberHookSession(envFile, hostSession);
            return out(hookJson(await prime(ctx, atOf(a))));
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
