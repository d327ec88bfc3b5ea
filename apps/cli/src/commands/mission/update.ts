// maestro mission update: edit a mission's title, description or proposal.
import { defineCommand } from "../../command.js";
import { runMissionCommand } from "@maestro/engine/missions";
import { ctxOf, missionOf } from "../../args.js";
import { print, printJson } from "../../output.js";

export const update = defineCommand({
  command: "update [id]",
  describe: "edit a mission's title, description or proposal",
  builder: (b) =>
    b
      .positional("id", { type: "string", describe: "mission id (optional when one is active)" })
      .option("title", { type: "string", describe: "one line" })
      .option("description", { type: "string", describe: "free text, at most 10 KB" })
      .option("proposal", { type: "string", describe: "the approach, carried into every brief" }),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const id = await missionOf(ctx, { ...a, ...(a.id ? { mission: a.id } : {}) });
    const r = await runMissionCommand(ctx, id, {
      type: "UpdateMission",
      ...(a.title !== undefined ? { title: a.title } : {}),
      ...(a.description !== undefined ? { description: a.description } : {}),
      ...(a.proposal !== undefined ? { proposal: a.proposal } : {}),
    });
    if (a.json) printJson({ events: r.events, mission: r.domain.mission });
    else print(r.events.length ? `mission ${id} updated: ${Object.keys(r.events[0]!.data).join(", ")}` : `mission ${id}: nothing to change`);
  },
});
