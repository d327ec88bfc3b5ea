// Working as a team through git: `sync` (commit .maestro/, pull, check, push) and `compact`
// (rewrite committed segments into one). Each loads its engine module when run.
import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { ctxOf } from "../args.js";
import { print, printJson } from "../output.js";

export const registerSync = (y: Argv) =>
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

export const registerCompact = (y: Argv) =>
  y.command(
    defineCommand({
      command: "compact",
      describe: "rewrite each stream's committed segments into one file (then commit); open segments stay",
      builder: (b) =>
        b
          .option("mission", { alias: "m", type: "string", describe: "only this mission's stream" })
          .option("tasks", { type: "boolean", describe: "only the tasks stream" })
          .option("principles", { type: "boolean", describe: "only the principles stream" })
          .option("memory", { type: "boolean", describe: "only the memory stream" })
          .example("maestro compact && git add -A .maestro && git commit -m 'maestro: compact'", ""),
      handler: async (a) => {
        const { compactStreams } = await import("@maestro/engine/compact");
        const rs = await compactStreams(ctxOf(a), { ...(a.mission ? { mission: a.mission } : {}), ...(a.tasks ? { tasks: true } : {}), ...(a.principles ? { principles: true } : {}), ...(a.memory ? { memory: true } : {}) });
        if (a.json) return printJson(rs);
        for (const r of rs) print(r.events ? `${r.stream}: ${r.before} segment files -> ${r.after} (${r.events} events compacted)` : `${r.stream}: nothing to compact (${r.before} segment file(s); only committed ones are compacted)`);
        if (rs.some((r) => r.events)) print("commit the change: git add -A .maestro && git commit -m 'maestro: compact'");
      },
    }),
  );
