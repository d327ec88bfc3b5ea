// maestro whoami: the task session this command runs as, and where it came from.
import type { Argv } from "yargs";
import { defineCommand } from "../command.js";
import { sessionCtxOf } from "../args.js";
import { print, printJson } from "../output.js";

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: "whoami",
      describe: "the task session your commands run as (what claims are held by), and where it came from",
      builder: (b) => b.option("session", { type: "string", describe: "the session to act as (default: $MAESTRO_SESSION, the agent's session, this terminal, or the long-lived process that runs you)" }).example("maestro whoami", ""),
      handler: async (a) => {
        const ctx = sessionCtxOf(a);
        const s = ctx.session ?? null;
        if (a.json) return printJson({ session: s?.id ?? null, source: s?.source ?? null, actor: ctx.actor });
        print(s ? `${s.id}\n  from ${s.source}` : `no session: claims are refused; set MAESTRO_SESSION to a name that stays the same across your calls (events are recorded as ${ctx.actor})`);
      },
    }),
  );
