// maestro checkpoint save: save a checkpoint at the mission's current event.
import { defineCommand } from "../../command.js";
import { runMissionCommand } from "@maestro/engine/missions";
import { ctxOf, missionOf, withMission } from "../../args.js";
import { print, printJson } from "../../output.js";

export const save = defineCommand({
  command: "save",
  describe: "save a checkpoint at the mission's current event",
  builder: (b) => withMission(b).option("label", { type: "string", describe: "one line of text, at most 200 characters" }),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const checkpointId = ctx.newId("checkpoint");
    const r = await runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "SaveCheckpoint", checkpointId, ...(a.label ? { label: a.label } : {}) });
    const c = r.state.checkpoints.find((x) => x.id === checkpointId)!;
    if (a.json) printJson({ events: r.events, checkpoint: c });
    else print(`saved checkpoint ${c.id} "${c.label}" at seq ${c.seq}`);
  },
});
