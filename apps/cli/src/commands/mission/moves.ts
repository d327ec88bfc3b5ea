// maestro mission approve, reject, start, pause, resume, complete, fail: the lifecycle verbs.
import { defineCommand } from "../../command.js";
import { runMissionCommand } from "@maestro/engine/missions";
import type { MissionAction } from "@maestro/core/mission/decide";
import { ctxOf, missionOf } from "../../args.js";
import { print, printJson } from "../../output.js";
import { eventsText } from "../../render.js";

const ACTIONS: readonly [MissionAction, string][] = [
  ["approve", "approve a draft mission"],
  ["reject", "reject a draft mission"],
  ["start", "start executing an approved mission (the first feature update does this too)"],
  ["pause", "pause an executing mission"],
  ["resume", "resume a paused mission"],
  ["complete", "complete a mission whose milestones are all sealed"],
  ["fail", "mark a mission failed"],
];

export const moves = ACTIONS.map(([action, describe]) =>
  defineCommand({
    command: `${action} [id]`,
    describe: describe,
    builder: (b) => b.positional("id", { type: "string" }).option("reason", { type: "string", describe: "why (recorded on the event)" }),
    handler: async (a) => {
      const ctx = ctxOf(a);
      const id = (await missionOf(ctx, { ...a, ...(a.id ? { mission: a.id } : {}) }));
      const r = await runMissionCommand(ctx, id, { type: "ChangeMissionStatus", action, ...(a.reason ? { reason: a.reason } : {}) });
      if (a.json) printJson({ events: r.events, mission: r.domain.mission });
      else print(`mission ${id} is ${r.domain.mission.status}\n${eventsText(r.events)}`);
    },
  }),
);
