import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { sessionCtxOf } from "../args.js";
import { VERSION } from "../version.js";

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: "mcp",
      describe: "serve maestro's daily loop to an agent over MCP (stdio); `maestro install --mcp` registers it",
      builder: (b) => b.option("session", { type: "string", describe: "who the tools act as (default: $MAESTRO_SESSION, the agent's session, or this server)" }),
      handler: async (a) => {
        const { serve } = await import("../mcp/server.js");
        // (a context per call: its clock and ids are fresh)
        await serve(() => sessionCtxOf(a), VERSION);
      },
    }),
  );
