// What the log commands share.
import type { Argv } from "yargs";

/** Which streams `--mission`, `--tasks`, `--principles` and `--memory` name (all, when none). */
export const selectorOf = (a: { readonly mission?: string | undefined; readonly tasks?: boolean | undefined; readonly principles?: boolean | undefined; readonly memory?: boolean | undefined }) => ({ ...(a.mission ? { mission: a.mission } : {}), ...(a.tasks ? { tasks: true } : {}), ...(a.principles ? { principles: true } : {}), ...(a.memory ? { memory: true } : {}) });

export const withMissionOption = <T>(b: Argv<T>) =>
  b.option("mission", { alias: "m", type: "string", describe: "only this mission's stream" }).option("tasks", { type: "boolean", describe: "only the tasks stream" })
    .option("principles", { type: "boolean", describe: "only the principles stream" })
    .option("memory", { type: "boolean", describe: "only the memory stream" });
