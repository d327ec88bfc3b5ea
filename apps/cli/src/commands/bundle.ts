import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { exportBundle, importBundle, inspectBundle, limitsOf } from "@maestro/engine/bundles";
import { atOf, ctxOf } from "../args.js";
import { VERSION } from "../version.js";
import { bold, dim, print, printJson, table } from "../output.js";

const withLimits = <T>(b: Argv<T>) =>
  b.option("max-entry-mb", { type: "number", describe: "largest entry to accept (default 256)" }).option("max-total-mb", { type: "number", describe: "largest total to accept after gunzip (default 1024)" });

export const register = (y: Argv) =>
  y.command("bundle", "portable .mission.tar.gz archives: export, inspect, verify, import", (m) => {
    m.example("maestro bundle export <mission-id> --include-handoffs", "");
    m.example("maestro bundle import x.mission.tar.gz --as copy", "");
    m.command(
      defineCommand({
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
      }),
    );
    m.command(
      defineCommand({
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
      }),
    );
    m.command(
      defineCommand({
        command: "verify <path>",
        describe: "every check of import (sha256 of each file, the event chain, safe entries), writing nothing",
        builder: (b) => withLimits(b.positional("path", { type: "string", demandOption: true })),
        handler: async (a) => {
          const r = await inspectBundle(a.path!, limitsOf(a));
          if (a.json) return printJson({ ok: true, manifest: r.manifest });
          print(`ok: ${a.path}: mission ${r.manifest.missionId}, ${r.manifest.eventCount} events, ${r.manifest.files.length} files verified`);
        },
      }),
    );
    m.command(
      defineCommand({
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
      }),
    );
    return m.demandCommand(1, "name a bundle command; see `maestro bundle --help`");
  });
