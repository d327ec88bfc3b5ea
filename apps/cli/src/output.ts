// How the CLI says things: aligned tables for people, stable JSON for programs, and the one
// place errors become a message and an exit code. Colour only on a TTY and never with NO_COLOR.
import { fstatSync, writeSync } from "node:fs";
import { exitCodeOf, isMaestroError } from "@maestro/core/errors";

/** A failure already explained on stderr; exit with this code. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** yargs' own complaints: unknown flag, missing argument. */
export class UsageError extends Error {}

// (process.stdout and node:tty cost ~5 ms a run to load; a pipe or a file is never a
// terminal, so only a character device is asked)
let color: boolean | undefined;
const useColor = () => (color ??= !process.env["NO_COLOR"] && fstatSync(1).isCharacterDevice() && process.getBuiltinModule("node:tty").isatty(1));
const paint = (code: number) => (s: string) => (useColor() ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = paint(1);
export const dim = paint(2);
export const green = paint(32);
export const red = paint(31);
export const yellow = paint(33);

/**
 * Writes to stdout (fd 1) as it is, without process.stdout: agents run maestro with pipes, and
 * making that stream costs more than most commands do. A reader that stopped early
 * (`maestro task list | head`) ends the command quietly.
 */
export const out = (text: string): void => {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; )
    try {
      at += writeSync(1, bytes, at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE") throw new Exit(0);
      // a non-blocking pipe that is full: wait a moment for the reader
      if (code === "EAGAIN") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      else throw e;
    }
};

export const print = (s = ""): void => out(s + "\n");
export const printJson = (v: unknown): void => out(JSON.stringify(v, null, 2) + "\n");

const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "").length;

/** Left-aligned columns, two spaces apart; the last column is not padded. */
export const table = (rows: readonly (readonly string[])[], indent = ""): string => {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, visible(cell))));
  return rows
    .map((r) => indent + r.map((cell, c) => (c === r.length - 1 ? cell : cell + " ".repeat(widths[c]! - visible(cell)))).join("  ").trimEnd())
    .join("\n");
};

export const statusColor = (s: string) =>
  ["done", "passed", "sealed", "completed", "approved", "waived"].includes(s)
    ? green(s)
    : ["failed", "blocked", "rejected"].includes(s)
      ? red(s)
      : ["in-progress", "executing", "review", "validating", "assigned", "in_progress"].includes(s)
        ? yellow(s)
        : s;

const CODE_NAMES: Record<number, string> = { 1: "invalid_input", 2: "not_found", 3: "conflict", 4: "corrupt_store", 70: "bug" };

/** The one exit point: expected failures get a line and a code; anything else is a defect. */
export const reportError = (e: unknown, opts: { json: boolean; verbose: boolean }): number => {
  if (e instanceof Exit) return e.code;
  let code: number;
  let message: string;
  if (e instanceof UsageError) {
    code = 1;
    message = e.message;
  } else if (isMaestroError(e)) {
    code = exitCodeOf(e);
    message = e.message;
  } else {
    code = 70;
    message = `this is a bug in maestro: ${e instanceof Error ? e.message : String(e)}${opts.verbose ? "" : " (run with --verbose for the stack)"}`;
  }
  const oneLine = message.replace(/\s*\n\s*/g, " ");
  if (opts.json) process.stderr.write(JSON.stringify({ error: { code: CODE_NAMES[code] ?? String(code), message: oneLine } }) + "\n");
  else process.stderr.write(`${red("error:")} ${oneLine}\n`);
  if (code === 70 && opts.verbose && e instanceof Error && e.stack) process.stderr.write(e.stack + "\n");
  return code;
};
