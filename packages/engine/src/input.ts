// Input files named on the command line (plans, task plans, reply reports).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidInput } from "@maestro/core/errors";

/** The text of an input file (plan, task plan, reply report; `-` is stdin), relative to the command's directory, or a clear error. */
export const readInputFile = (cwd: string, path: string): string => {
  try {
    return readFileSync(path === "-" ? 0 : resolve(cwd, path), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InvalidInput({ condition: "InvalidFile", message: `cannot read ${path}: ${code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : String(code)}` });
  }
};
