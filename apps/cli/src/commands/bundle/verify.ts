// maestro bundle verify: every check of import (sha256 of each file, the event chain, safe entries), writing nothing.
import { defineCommand } from "../../command.js";
import { inspectBundle, limitsOf } from "@maestro/engine/bundles";
import { print, printJson } from "../../output.js";
import { withLimits } from "./shared.js";

export const verify = defineCommand({
  command: "verify <path>",
  describe: "every check of import (sha256 of each file, the event chain, safe entries), writing nothing",
  builder: (b) => withLimits(b.positional("path", { type: "string", demandOption: true })),
  handler: async (a) => {
    const r = await inspectBundle(a.path!, limitsOf(a));
    if (a.json) return printJson({ ok: true, manifest: r.manifest });
    print(`ok: ${a.path}: mission ${r.manifest.missionId}, ${r.manifest.eventCount} events, ${r.manifest.files.length} files verified`);
  },
});
