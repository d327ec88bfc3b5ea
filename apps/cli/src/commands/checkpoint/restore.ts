// maestro checkpoint restore: bring the mission back to a checkpoint's state, or any point's (--at); the state it replaces is saved first, so it can be undone.
import { defineCommand } from "../../command.js";
import { restoreCheckpoint } from "@maestro/engine/missions";
import { InvalidInput } from "@maestro/core/errors";
import { ctxOf, missionOf, withMission } from "../../args.js";
import { print, printJson } from "../../output.js";

export const restore = defineCommand({
  command: "restore [id]",
  describe: "bring the mission back to a checkpoint's state, or any point's (--at); the state it replaces is saved first, so it can be undone",
  builder: (b) =>
    withMission(b.positional("id", { type: "string", describe: "the checkpoint (or pass --at)" }))
      .option("at", { type: "string", describe: "restore the state at any point instead: an event seq, an event id, or an ISO time" })
      .option("dry-run", { type: "boolean", describe: "say what would change; write nothing" })
      .option("yes", { alias: "y", type: "boolean", describe: "do not ask (needed on a terminal)" })
      .example("maestro checkpoint restore ckp_x --dry-run", "")
      .example("maestro checkpoint restore --at 12 --yes", ""),
  handler: async (a) => {
    if (!a.id === (a.at === undefined)) throw new InvalidInput({ condition: "UsageError", message: "name a checkpoint or pass --at <seq|event-id|time>, not both; see `maestro checkpoint restore --help`" });
    if (!a.dryRun && !a.yes && process.stdin.isTTY)
      throw new InvalidInput({ condition: "ConfirmationNeeded", message: "a restore replaces the mission's state (it is saved first, so it can be undone); pass --yes to go on, or --dry-run to see what would change" });
    const ctx = ctxOf(a);
    const r = await restoreCheckpoint(ctx, await missionOf(ctx, a), a.id ? { id: a.id } : { at: a.at! }, { dryRun: a.dryRun === true });
    if (a.json) return printJson({ dryRun: r.dryRun, changes: r.changes, undoId: r.undoId, events: r.events, mission: r.domain.mission });
    print(r.dryRun ? `would change ${r.changes.length} status(es):` : `restored; changed ${r.changes.length} status(es):`);
    for (const c of r.changes) print(`  ${c}`);
    if (r.wasCompleted) print(`note: the mission was completed; ${r.dryRun ? "it would be" : "it is now"} ${r.dryRun ? "back in its earlier status" : r.domain.mission.status}`);
    if (!r.dryRun) print(`the state it replaced is checkpoint ${r.undoId}; undo with: maestro checkpoint restore ${r.undoId} --yes`);
  },
});
