// maestro checkpoint list: list a mission's checkpoints and restores.
import { defineCommand } from "../../command.js";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, missionOf, withAt, withMission } from "../../args.js";
import { dim, print, printJson, table } from "../../output.js";

export const list = defineCommand({
  command: "list",
  describe: "list a mission's checkpoints and restores",
  builder: (b) => withAt(withMission(b)),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const { folded } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
    const { checkpoints, restores } = folded.state;
    if (a.json) return printJson({ checkpoints, restores });
    if (!checkpoints.length) return print("no checkpoints; save one with `maestro checkpoint save`");
    print(table([["ID", "SEQ", "SAVED", "BY", "LABEL"].map(dim), ...checkpoints.map((c) => [c.id, String(c.seq), c.savedAt, c.savedBy, c.label])]));
    for (const r of restores) print(dim(`restored ${r.checkpointId} (state of seq ${r.toSeq}) at seq ${r.seq}, ${r.at}`));
  },
});
