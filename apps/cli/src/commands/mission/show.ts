// maestro mission show: show a mission: milestones, features, assertions, progress.
import { defineCommand } from "../../command.js";
import { progressOf } from "@maestro/core/mission/queries";
import { loadMission } from "@maestro/engine/missions";
import { atOf, ctxOf, missionOf, withAt } from "../../args.js";
import { print, printJson } from "../../output.js";
import { missionText, spendText } from "../../render.js";

export const show = defineCommand({
  command: "show [id]",
  describe: "show a mission: milestones, features, assertions, progress",
  builder: (b) => withAt(b.positional("id", { type: "string", describe: "mission id (optional when one is active)" })),
  handler: async (a) => {
    const ctx = ctxOf(a);
    const { domain, folded } = (await loadMission(ctx, (await missionOf(ctx, { ...a, ...(a.id ? { mission: a.id } : {}) })), atOf(a)));
    // (what its runs spent, against budget.mission: read from the launches, as of now)
    const spend = (await (await import("@maestro/engine/spend")).missionSpends(ctx))(domain.mission.id);
    if (a.json) printJson({ seq: folded.seq, ...domain, progress: progressOf(domain), checkpoints: folded.state.checkpoints, spend });
    else print(`${missionText(domain, folded.seq)}\n${spendText(spend)}`);
  },
});
