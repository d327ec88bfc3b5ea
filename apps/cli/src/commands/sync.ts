// maestro sync: share maestro state through git (commit .maestro/, pull, check, push).
import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { ctxOf } from "../args.js";
import { print, printJson } from "../output.js";

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: "sync",
      describe: "commit the .maestro/ changes alone, pull (merge), check the store, push",
      builder: (b) =>
        b
          .option("remote", { type: "string", describe: "the remote to pull from and push to (default: the branch's upstream, else origin)" })
          .option("branch", { type: "string", describe: "the remote branch (default: the upstream's, else the current branch)" })
          .option("push", { type: "boolean", default: true, describe: "push after pulling (--no-push to skip)" })
          .option("message", { type: "string", describe: "the commit message (default: maestro: sync state)" })
          .example("maestro sync", "")
          .example("maestro sync --no-push", "commit and pull only"),
      handler: async (a) => {
        const { sync } = await import("@maestro/engine/sync");
        const r = await sync(ctxOf(a), { push: a.push !== false, ...(a.remote ? { remote: a.remote } : {}), ...(a.branch ? { branch: a.branch } : {}), ...(a.message ? { message: a.message } : {}) });
        if (a.json) return printJson(r);
        print(`${r.committed ? "committed .maestro/" : "nothing of .maestro/ to commit"}; ${r.pulled ? `pulled ${r.remote} ${r.branch}` : `${r.remote} has no ${r.branch} yet`}; ${r.pushed ? "pushed" : "not pushed"}`);
        if (r.conflicts) print(`${r.conflicts} event(s) a merge made inapplicable: \`maestro log --conflicts\``);
      },
    }),
  );
