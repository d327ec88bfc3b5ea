import { defineCommand } from "../command.js";
import { own } from "@maestro/core/envelope";
import type { Argv } from "yargs";
import { NotFound } from "@maestro/core/errors";
import { assertionsOf, featuresOf } from "@maestro/core/mission/queries";
import { FEATURE_STATUSES } from "@maestro/core/mission/statuses";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, oneOf, withAt, withMission } from "../args.js";
import { missionOf } from "../mission-arg.js";
import { bold, dim, print, printJson, statusColor, table, out } from "../output.js";
import { assertionRows, eventsText, featureRows } from "../render.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/mission-commands");

export const register = (y: Argv) =>
  y.command("feature", "list, show and update features", (m) => {
    m.example("maestro feature list --mission <id> --status pending", "");
    m.example("maestro feature update auth-impl --mission <id> --status review", "");
    m.example("maestro feature prompt auth-impl --mission <id> --out agent-prompt.md", "");
    m.command(
      defineCommand({
        command: "list",
        describe: "list a mission's features",
        builder: (b) => withAt(withMission(b)).option("milestone", { type: "string" }).option("status", { type: "string", describe: FEATURE_STATUSES.join(" | ") }),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const { domain } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
          const fs = featuresOf(domain, { ...(a.milestone ? { milestone: oneOf("milestone", a.milestone, Object.keys(domain.milestones)) } : {}), ...(a.status ? { status: oneOf("status", a.status, FEATURE_STATUSES) } : {}) });
          if (a.json) return printJson(fs);
          print(fs.length ? table(featureRows(fs)) : "no features match");
        },
      }),
    );
    m.command(
      defineCommand({
        command: "show <id>",
        describe: "show one feature: description, verification steps, dependencies, assertions",
        builder: (b) => withAt(withMission(b.positional("id", { type: "string", demandOption: true }))),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const { domain } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
          const f = own(domain.features, a.id!);
          if (!f) throw new NotFound({ condition: "FeatureNotFound", message: `feature "${a.id}" not found in mission "${domain.mission.id}"` });
          const assertions = assertionsOf(domain, { feature: f.id });
          if (a.json) return printJson({ ...f, assertions });
          print(`${bold(f.id)}  ${f.title}  [${statusColor(f.status)}]${f.reason ? `  ${dim(f.reason)}` : ""}`);
          print(table([["milestone", f.milestoneId], ["agent", f.agentType], ["depends on", f.dependsOn.join(", ") || "-"], ["updated", `${f.updatedAt} by ${f.updatedBy}`]], "  "));
          if (f.description) print(`\n  ${f.description}`);
          if (f.verificationSteps.length) print(`\n${bold("verification")}\n${f.verificationSteps.map((s, i) => `  ${i + 1}. ${s}`).join("\n")}`);
          if (assertions.length) print(`\n${bold("assertions")}\n${table(assertionRows(assertions), "  ")}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "update <id>",
        describe: "move a feature to a new status (the first start also starts the mission and its milestone)",
        builder: (b) =>
          withMission(b.positional("id", { type: "string", demandOption: true }))
            .option("status", { type: "string", demandOption: true, describe: FEATURE_STATUSES.join(" | ") })
            .option("reason", { type: "string" })
            .example("maestro feature update auth-impl --mission <id> --status in-progress", ""),
        handler: async (a) => {
          const status = oneOf("status", a.status, FEATURE_STATUSES);
          const ctx = ctxOf(a);
          const r = await (await commands()).runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "UpdateFeature", featureId: a.id!, status, ...(a.reason ? { reason: a.reason } : {}) });
          const f = own(r.domain.features, a.id!)!;
          if (a.json) printJson({ events: r.events, feature: f });
          else print(`feature ${f.id} is ${f.status}\n${eventsText(r.events)}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "prompt <id>",
        describe: "render the brief for one feature (printed, or written to --out), store it under the mission and record a PromptIssued event",
        builder: (b) => withMission(b.positional("id", { type: "string", demandOption: true })).option("out", { alias: "o", type: "string", describe: "write it here instead of printing it" }),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const r = await (await import("@maestro/engine/handoff")).featurePrompt(ctx, (await missionOf(ctx, a)), a.id!, a.out);
          if (a.json) printJson({ path: r.path, out: r.out, sha256: r.sha256, events: r.events });
          else if (r.out) print(`wrote ${r.path} and ${r.out}`);
          else out(r.text);
        },
      }),
    );
    return m.demandCommand(1, "name a feature command; see `maestro feature --help`");
  });
