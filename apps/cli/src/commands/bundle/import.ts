// maestro bundle import: verify, then import a bundle into .maestro/missions/<id>/ (same history: a no-op).
import { defineCommand } from "../../command.js";
import { importBundle, limitsOf } from "@maestro/engine/bundles";
import { ctxOf } from "../../args.js";
import { print, printJson } from "../../output.js";
import { withLimits } from "./shared.js";

export const importCommand = defineCommand({
  command: "import <path>",
  describe: "verify, then import a bundle into .maestro/missions/<id>/ (same history: a no-op)",
  builder: (b) => withLimits(b.positional("path", { type: "string", demandOption: true }).option("as", { type: "string", describe: "import under a new mission id" })),
  handler: async (a) => {
    const r = await importBundle(ctxOf(a), a.path!, { ...(a.as ? { as: a.as } : {}), limits: limitsOf(a) });
    if (a.json) return printJson(r);
    print(
      r.merged
        ? `merged ${r.merged} events the bundle had into mission ${r.missionId}`
        : r.imported
          ? `imported mission ${r.missionId} (${r.manifest.eventCount} events)`
          : `mission ${r.missionId} is already here with the same history; nothing to do`,
    );
  },
});
