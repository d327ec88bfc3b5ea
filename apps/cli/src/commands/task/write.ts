// Running a task command that writes, as the task session.
import type { TaskCommand } from "@maestro/core/tasks/commands";
import type { Ctx } from "@maestro/engine/context";
import { sessionCtxOf, type Common } from "../../args.js";
import { runTaskCommand } from "@maestro/engine/tasks";

/** Decides and appends `cmd` as the task session; the context and what was recorded. */
export const run = async (a: Common, cmd: (ctx: Ctx) => TaskCommand) => {
  const ctx = sessionCtxOf(a);
  return { ctx, ...(await runTaskCommand(ctx, cmd(ctx))) };
};
