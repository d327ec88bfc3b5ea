// The outside world one run of `main` talks to: its environment, working directory and where
// its output goes. The bin runs with the process's own; tests pass their own, so a command runs
// in-process as it would in a child process, and nothing of the test runner leaks into it.
import { fstatSync, writeSync } from "node:fs";

export interface Io {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** writes bytes from `offset` to stdout, returning how many were written (a pipe may take fewer) */
  readonly stdout: (bytes: Buffer, offset: number) => number;
  readonly stderr: (text: string) => void;
  /** whether stdout is a terminal (colour, width) */
  readonly tty: boolean;
}

const processIo = (): Io => {
  let tty: boolean | undefined;
  return {
    env: process.env,
    cwd: process.cwd(),
    // (fd 1 directly, not process.stdout: agents run maestro with pipes, and making that stream
    // costs more than most commands do)
    stdout: (bytes, offset) => writeSync(1, bytes, offset),
    stderr: (text) => process.stderr.write(text),
    // (process.stdout and node:tty cost ~5 ms a run to load; a pipe or a file is never a
    // terminal, so only a character device is asked)
    get tty() {
      return (tty ??= fstatSync(1).isCharacterDevice() && process.getBuiltinModule("node:tty").isatty(1));
    },
  };
};

let current: Io | undefined;
/** The run's world (the process's, unless `main` was given one). */
export const io = (): Io => (current ??= processIo());
/** Set by `main` for one run. */
export const useIo = (given: Io | undefined): void => {
  current = given;
};
