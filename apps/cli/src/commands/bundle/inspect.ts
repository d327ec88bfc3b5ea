// maestro bundle inspect: the manifest and a summary, without extracting anything.
import { defineCommand } from "../../command.js";
import { inspectBundle, limitsOf } from "@maestro/engine/bundles";
import { bold, dim, print, printJson, table } from "../../output.js";
import { withLimits } from "./shared.js";

export const inspect = defineCommand({
  command: "inspect <path>",
  describe: "the manifest and a summary, without extracting anything",
  builder: (b) => withLimits(b.positional("path", { type: "string", demandOption: true })),
  handler: async (a) => {
    const r = await inspectBundle(a.path!, limitsOf(a));
    if (a.json) return printJson(r);
    const mf = r.manifest;
    print(`${bold(mf.missionId)}  ${mf.title}  [${mf.status}]  ${mf.eventCount} events in ${r.summary.segments} segment(s)`);
    print(dim(`exported by ${mf.createdBy}, last event ${mf.createdAt}, maestro ${mf.maestroVersion}`));
    print(`milestones: ${r.summary.milestones.map((x) => `${x.id} ${x.status}`).join(", ")}`);
    print(`features: ${Object.entries(r.summary.featuresByStatus).map(([k, v]) => `${v} ${k}`).join(", ") || "none"}`);
    print(`assertions: ${r.summary.assertions.map((x) => `${x.id} ${x.status}`).join(", ") || "none"}`);
    print(`\n${bold("files")}\n${table(mf.files.map((f) => [f.path, String(f.size), f.sha256.slice(0, 12)]), "  ")}`);
    print(`\n${bold("last events")}\n${table(r.summary.lastEvents.map((e) => [String(e.seq), e.at, e.actor, e.type]), "  ")}`);
  },
});
