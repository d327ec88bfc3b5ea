import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { assertionsOf } from "@maestro/core/mission/queries";
import { ASSERTION_RESULTS } from "@maestro/core/mission/statuses";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, oneOf, withAt, withMission } from "../args.js";
import { missionOf } from "../mission-arg.js";
import { print, printJson, table } from "../output.js";
import { assertionRows, eventsText } from "../render.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/mission-commands");

export const register = (y: Argv) =>
  y.command("validate", "show and update assertions", (m) => {
    m.example("maestro validate show --mission <id>", "");
    m.example("maestro validate update auth-login-works --mission <id> --result passed --evidence \"pnpm test\"", "");
    m.command(
      defineCommand({
        command: "show",
        describe: "show a mission's assertions with their evidence",
        builder: (b) => withAt(withMission(b)).option("milestone", { type: "string" }),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const { domain } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
          const as = assertionsOf(domain, a.milestone ? { milestone: a.milestone } : {});
          if (a.json) return printJson(as);
          print(as.length ? table(assertionRows(as)) : "no assertions (plan features list them under `fulfills`)");
        },
      }),
    );
    m.command(
      defineCommand({
        command: "update <id>",
        describe: "record an assertion's result with evidence",
        builder: (b) =>
          withMission(b.positional("id", { type: "string", demandOption: true, describe: "assertion id" }))
            .option("result", { type: "string", demandOption: true, describe: ASSERTION_RESULTS.join(" | ") })
            .option("evidence", { type: "string", demandOption: true, describe: "what showed the result" })
            .example('maestro validate update auth-login-works --mission <id> --result passed --evidence "pnpm test"', ""),
        handler: async (a) => {
          const result = oneOf("result", a.result, ASSERTION_RESULTS);
          const ctx = ctxOf(a);
          const r = await (await commands()).runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "UpdateAssertion", assertionId: a.id!, result, evidence: String(a.evidence ?? "") });
          const x = r.domain.assertions[a.id!]!;
          if (a.json) printJson({ events: r.events, assertion: x });
          else print(`assertion ${x.id} is ${x.status}\n${eventsText(r.events)}`);
        },
      }),
    );
    return m.demandCommand(1, "name a validate command; see `maestro validate --help`");
  });
