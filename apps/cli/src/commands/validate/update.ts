// maestro validate update: record an assertion's result with evidence.
import { defineCommand } from "../../command.js";
import { runMissionCommand } from "@maestro/engine/missions";
import { ASSERTION_RESULTS } from "@maestro/core/mission/statuses";
import { ctxOf, missionOf, oneOf, withMission } from "../../args.js";
import { print, printJson } from "../../output.js";
import { eventsText } from "../../render.js";

export const update = defineCommand({
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
    const r = await runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "UpdateAssertion", assertionId: a.id!, result, evidence: String(a.evidence ?? "") });
    const x = r.domain.assertions[a.id!]!;
    if (a.json) printJson({ events: r.events, assertion: x });
    else print(`assertion ${x.id} is ${x.status}\n${eventsText(r.events)}`);
  },
});
