import type { Argv } from "yargs";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, withAt, withMission, type Common } from "../args.js";
import { missionOf } from "../mission-arg.js";
import { dim, print, printJson, table } from "../output.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/mission-commands");

interface Args extends Common {
  readonly id?: string;
  readonly label?: string;
}

export const register = (y: Argv) =>
  y.command("checkpoint", "save, list and restore mission checkpoints (a checkpoint is an event seq)", (m) => {
    m.example("maestro checkpoint save --mission <id> --label before-seal", "");
    m.example("maestro checkpoint restore <checkpoint-id> --mission <id>", "");
    m.command(
      "save",
      "save a checkpoint at the mission's current event",
      (b) => withMission(b).option("label", { type: "string" }),
      async (raw) => {
        const a = raw as Args;
        const ctx = ctxOf(a);
        const checkpointId = ctx.newId("checkpoint");
        const r = await (await commands()).runMissionCommand(ctx, (await missionOf(ctx, a)), { type: "SaveCheckpoint", checkpointId, ...(a.label ? { label: a.label } : {}) });
        const c = r.state.checkpoints.find((x) => x.id === checkpointId)!;
        if (a.json) printJson({ events: r.events, checkpoint: c });
        else print(`saved checkpoint ${c.id} "${c.label}" at seq ${c.seq}`);
      },
    );
    m.command(
      "list",
      "list a mission's checkpoints and restores",
      (b) => withAt(withMission(b)),
      async (raw) => {
        const a = raw as Args;
        const ctx = ctxOf(a);
        const { folded } = (await loadMission(ctx, (await missionOf(ctx, a)), atOf(a)));
        const { checkpoints, restores } = folded.state;
        if (a.json) return printJson({ checkpoints, restores });
        if (!checkpoints.length) return print("no checkpoints; save one with `maestro checkpoint save`");
        print(table([["ID", "SEQ", "SAVED", "BY", "LABEL"].map(dim), ...checkpoints.map((c) => [c.id, String(c.seq), c.savedAt, c.savedBy, c.label])]));
        for (const r of restores) print(dim(`restored ${r.checkpointId} (state of seq ${r.toSeq}) at seq ${r.seq}, ${r.at}`));
      },
    );
    m.command(
      "restore <id>",
      "bring the mission back to a checkpoint's state (recorded as an event; nothing is truncated)",
      (b) => withMission(b.positional("id", { type: "string", demandOption: true })),
      async (raw) => {
        const a = raw as Args;
        const ctx = ctxOf(a);
        const r = await (await commands()).restoreCheckpoint(ctx, (await missionOf(ctx, a)), a.id!);
        const e = r.events[0]!;
        if (a.json) printJson({ events: r.events, mission: r.domain.mission });
        else print(`restored checkpoint ${a.id}: mission state is now that of seq ${(e.data as { toSeq: number }).toSeq} (recorded at seq ${e.seq})`);
      },
    );
    return m.demandCommand(1, "name a checkpoint command; see `maestro checkpoint --help`");
  });
