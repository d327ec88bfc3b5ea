// maestro bundle export: write a mission's history, briefs (and linked handoffs) to a .mission.tar.gz.
import { defineCommand } from "../../command.js";
import { exportBundle } from "@maestro/engine/bundles";
import { atOf, ctxOf } from "../../args.js";
import { VERSION } from "../../version.js";
import { print, printJson } from "../../output.js";

export const exportCommand = defineCommand({
  command: "export <id>",
  describe: "write a mission's history, briefs (and linked handoffs) to a .mission.tar.gz",
  builder: (b) =>
    b
      .positional("id", { type: "string", demandOption: true })
      .option("out", { alias: "o", type: "string", describe: "default ./<id>.mission.tar.gz" })
      .option("at", { type: "string", describe: "export the history up to this point only (a seq, an event id, a checkpoint id, or an ISO time)" })
      .option("include-handoffs", { type: "boolean", describe: "add the linked handoffs' events, prompts and output" }),
  handler: async (a) => {
    const r = await exportBundle(ctxOf(a), a.id!, { ...(a.out ? { out: a.out } : {}), ...atOf(a), includeHandoffs: a.includeHandoffs === true, version: VERSION });
    if (a.json) return printJson(r);
    print(`wrote ${r.out}: ${r.manifest.eventCount} events, ${r.manifest.files.length} files, ${r.segments} segment(s)`);
  },
});
