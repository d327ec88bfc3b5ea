// Input files named on the command line (plans, task plans, reply reports).
import { readFileSync } from "node:fs";
import { InvalidInput } from "@maestro/core/errors";

/** The text of an input file (plan, task plan, reply report; `-` is stdin), or a clear error. */
export const readInputFile = (path: string): string => {
  try {
    return readFileSync(path === "-" ? 0 : path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InvalidInput({ condition: "InvalidFile", message: `cannot read ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String(code)}` });
  }
};
