// What the log commands share.
import type { Argv } from "yargs";
import { type Common } from "../../args.js";

export const selectorOf = (a: Args) => ({ ...(a.mission ? { mission: a.mission } : {}), ...(a.tasks ? { tasks: true } : {}), ...(a.principles ? { principles: true } : {}), ...(a.memory ? { memory: true } : {}) });

export interface Args extends Common {
  readonly tasks?: boolean | undefined;
  readonly principles?: boolean | undefined;
  readonly memory?: boolean | undefined;
  readonly type?: string | undefined;
  readonly since?: number | undefined;
  readonly limit?: number | undefined;
  readonly by?: string | undefined;
  readonly conflicts?: boolean | undefined;
}

export const withMissionOption = <T>(b: Argv<T>) =>
  b.option("mission", { alias: "m", type: "string", describe: "only this mission's stream" }).option("tasks", { type: "boolean", describe: "only the tasks stream" })
    .option("principles", { type: "boolean", describe: "only the principles stream" })
    .option("memory", { type: "boolean", describe: "only the memory stream" });
