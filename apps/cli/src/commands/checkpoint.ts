import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { InvalidInput } from "@maestro/core/errors";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, withAt, withMission } from "../args.js";
import { missionOf } from "../mission-arg.js";
import { dim, print, printJson, table } from "../output.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/mission-commands");

export const register = (y: Argv) =>
  y.command("checkpoint", "save, list and restore mission checkpoints (a checkpoint is an event seq)", (m) => {
    m.example("maestro checkpoint save --mission <id> --label before-seal", "");
    m.example("maestro checkpoint restore <checkpoint-id> --mission <id>", "");
    m.command(
      defineCommand({
        command: "save",
        describe: "save a checkpoint at the mission's current event",
        builder: (b) => withMission(b).option("label", { type: "string" }),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const checkpointId = ctx.newId("checkpoint");
          const r = await (await commands()).runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "SaveCheckpoint", checkpointId, ...(a.label ? { label: a.label } : {}) });
          const c = r.state.checkpoints.find((x) => x.id === checkpointId)!;
          if (a.json) printJson({ events: r.events, checkpoint: c });
          else print(`saved checkpoint ${c.id} "${c.label}" at seq ${c.seq}`);
        },
      }),
    );
    m.command(
      defineCommand({
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
      }),
    );
    m.command(
      defineCommand({
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
          const r = await (await commands()).restoreCheckpoint(ctx, await missionOf(ctx, a), a.id ? { id: a.id } : { at: a.at! }, { dryRun: a.dryRun === true });
          if (a.json) return printJson({ dryRun: r.dryRun, changes: r.changes, undoId: r.undoId, events: r.events, mission: r.domain.mission });
          print(r.dryRun ? `would change ${r.changes.length} status(es):` : `restored; changed ${r.changes.length} status(es):`);
          for (const c of r.changes) print(`  ${c}`);
          if (r.wasCompleted) print(`note: the mission was completed; ${r.dryRun ? "it would be" : "it is now"} ${r.dryRun ? "back in its earlier status" : r.domain.mission.status}`);
          if (!r.dryRun) print(`the state it replaced is checkpoint ${r.undoId}; undo with: maestro checkpoint restore ${r.undoId} --yes`);
        },
      }),
    );
    return m.demandCommand(1, "name a checkpoint command; see `maestro checkpoint --help`");
  });
