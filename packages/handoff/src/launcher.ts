// Starting an agent run: the brief goes to the child's stdin from prompt.md (never an argv
// entry: one argument's size is limited and `ps` shows it), stdout and stderr go to
// output.log. The child leads its own process group so a timeout can stop all it started.
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, closeSync, constants, openSync, statSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";

/** The binary's path, found as a shell would (PATH lookup unless it has a slash), or undefined. */
export const resolveBinary = (bin: string, env: NodeJS.ProcessEnv, cwd: string): string | undefined => {
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return statSync(p).isFile();
    } catch {
      return false;
    }
  };
  if (bin.includes("/")) {
    const p = isAbsolute(bin) ? bin : resolve(cwd, bin);
    return executable(p) ? p : undefined;
  }
  for (const dir of (env["PATH"] ?? "").split(delimiter).filter(Boolean)) {
    const p = join(dir, bin);
    if (executable(p)) return p;
  }
  return undefined;
};

export interface RunOutcome {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
}

/** Starts the agent leading its own process group: the brief on stdin, stderr to output.log, stdout piped to the supervisor (it reads the CLI's machine-readable stream). */
export const startAgent = (o: { bin: string; argv: readonly string[]; cwd: string; env: NodeJS.ProcessEnv; promptPath: string; outputPath: string }): ChildProcess => {
  const stdin = openSync(o.promptPath, "r");
  const out = openSync(o.outputPath, "a");
  try {
    return spawn(o.bin, [...o.argv], { cwd: o.cwd, env: o.env, stdio: [stdin, "pipe", out], detached: true });
  } finally {
    // the child has its own copies now
    closeSync(stdin);
    closeSync(out);
  }
};

/** Stops a run's process group: TERM, then KILL a few seconds on if it is still there. */
export const stopGroup = (child: ChildProcess) => {
  const kill = (sig: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig);
    }
  };
  kill("SIGTERM");
  setTimeout(() => kill("SIGKILL"), 3000).unref();
};

/** Waits for the run; past `timeoutMs` it stops the run's process group (TERM, then KILL). */
export const waitFor = (child: ChildProcess, timeoutMs: number | null): Promise<RunOutcome> =>
  new Promise((resolvePromise, reject) => {
    let timedOut = false;
    const timer =
      timeoutMs === null
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            stopGroup(child);
          }, timeoutMs);
    child.once("error", (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    // (close, not exit: the end of its output has been read too)
    child.once("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolvePromise({ exitCode: code, signal, timedOut });
    });
  });
