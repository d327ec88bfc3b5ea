// What the bundle commands share.
import type { Argv } from "yargs";

export const withLimits = <T>(b: Argv<T>) =>
  b.option("max-entry-mb", { type: "number", describe: "largest entry to accept (default 256)" }).option("max-total-mb", { type: "number", describe: "largest total to accept after gunzip (default 1024)" });
