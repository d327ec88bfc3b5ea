// `--mission`, or the one active mission. Apart from args.ts so that commands that never name
// a mission (task, log, ...) do not load the mission modules.
import type { Ctx } from "@maestro/engine/context";
import { resolveMissionId } from "@maestro/engine/missions";
import type { Common } from "./args.js";

export const missionOf = (ctx: Ctx, a: Common): Promise<string> => resolveMissionId(ctx, a.mission);
