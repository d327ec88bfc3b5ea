import type { Argv } from "yargs";
import { sessionCtxOf, type Common } from "../args.js";
import { VERSION } from "../main.js";

interface Args extends Common {
  readonly session?: string;
}

export const register = (y: Argv) =>
  y.command(
    "mcp",
    "serve maestro's daily loop to an agent over MCP (stdio); `maestro install --mcp` registers it",
    (b) => b.option("session", { type: "string", describe: "who the tools act as (default: $MAESTRO_SESSION, the agent's session, or this server)" }),
    async (raw) => {
      const a = raw as Args;
      const { serve } = await import("../mcp/server.js");
      // (a context per call: its clock and ids are fresh)
      await serve(() => sessionCtxOf(a), VERSION);
    },
  );
