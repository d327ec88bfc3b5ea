// Running a task command that writes; its use cases are loaded only by the commands that write
// (reads stay clear of Schema).
import type { TaskCommand } from "@maestro/core/tasks/commands";
import type { Ctx } from "@maestro/engine/context";
import { sessionCtxOf, type Common } from "../../args.js";

export const commands = () => import("@maestro/engine/task-commands");

/** Decides and appends `cmd` as the task session; the context and what was recorded. */
export const run = async (a: Common, cmd: (ctx: Ctx) => TaskCommand) => {
  const ctx = sessionCtxOf(a);
  return { ctx, ...(await (await commands()).runTaskCommand(ctx, cmd(ctx))) };
};
