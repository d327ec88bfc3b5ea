// How the CLI says things: aligned tables for people, stable JSON for programs, and the one
// place errors become a message and an exit code. Colour only on a TTY and never with NO_COLOR.
import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { WRAPPER_HEAD } from "./bundle-wrapper.js";
import { io } from "./io.js";
import { exitCodeOf, fromSystemError, hintsOf, isMaestroError } from "@maestro/core/errors";
import { escapeControls, escapeJsonControls } from "@maestro/core/text";

/** A failure already explained on stderr; exit with this code. */
export class Exit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const useColor = () => !io().env["NO_COLOR"] && io().tty;
// Colour is marked with two Unicode noncharacters (reserved for a program's internal use) and
// becomes escape codes only as the text is written, after every control character in it was
// escaped: so user text never drives the terminal, and only maestro's own marks colour it.
const MARK = /\uFDD0(\d{1,2})\uFDD1/g;
const paint = (code: number) => (s: string) => `\uFDD0${code}\uFDD1${s}\uFDD00\uFDD1`;
/** Text as the terminal may show it: unsafe characters spelled out, maestro's colour marks applied (or dropped). */
const safe = (text: string): string =>
  // (split with the mark's code captured: even parts are text, odd parts colour codes)
  text
    .split(MARK)
    .map((part, i) => (i % 2 ? (useColor() ? `\x1b[${part}m` : "") : escapeControls(part)))
    .join("");
export const bold = paint(1);
export const dim = paint(2);
export const green = paint(32);
export const red = paint(31);
export const yellow = paint(33);

/** Writes to stdout. A reader that stopped early (`maestro task list | head`) ends the command quietly. */
export const out = (text: string): void => write(safe(text));
/** A frame whose text was made safe where it was laid out (Mission Control's): written as it is. */
export const outFrame = (text: string): void => write(text);

const write = (text: string): void => {
  const bytes = Buffer.from(text);
  for (let at = 0; at < bytes.length; )
    try {
      at += io().stdout(bytes, at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EPIPE") throw new Exit(0);
      // a non-blocking pipe that is full: wait a moment for the reader
      if (code === "EAGAIN") Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      else throw e;
    }
};

export const print = (s = ""): void => out(s + "\n");
/** A line for stderr (a warning, an error), made safe as stdout's are. */
export const err = (text: string): void => io().stderr(safe(text));
/** JSON keeps the exact text: what JSON.stringify leaves raw and a terminal would obey is written as a \\u escape. */
export const printJson = (v: unknown): void => write(escapeJsonControls(JSON.stringify(v, null, 2)) + "\n");

const visible = (s: string) => s.replace(MARK, "").length;

// a cell of a column that is not the last is clipped to this; the last to what the line has left
const CELL_MAX = 48;
const lineWidth = () => (io().tty ? (process.stdout.columns ?? 100) : 160);
/** A cell on one line: newlines spelled `\n`, clipped with an ellipsis to `max` characters (marks kept). */
const cellOf = (cell: string, max: number): string => {
  const one = cell.replace(/\r?\n/g, "\\n");
  if (visible(one) <= max) return one;
  const plain = one.replace(MARK, "");
  return plain.slice(0, Math.max(1, max - 1)) + "…";
};

/** Left-aligned columns, two spaces apart, each cell one line, clipped to the terminal's width; the last column is not padded. */
export const table = (rows: readonly (readonly string[])[], indent = ""): string => {
  const clipped = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cellOf(cell, CELL_MAX))));
  const widths: number[] = [];
  for (const r of clipped) r.forEach((cell, c) => c < r.length - 1 && (widths[c] = Math.max(widths[c] ?? 0, visible(cell))));
  const room = lineWidth() - indent.length;
  return clipped
    .map((r) => {
      const head = r.slice(0, -1).map((cell, c) => cell + " ".repeat(widths[c]! - visible(cell)));
      const used = head.reduce((n, h) => n + h.length + 2, 0);
      return (indent + [...head, cellOf(r.at(-1) ?? "", Math.max(20, room - used))].join("  ")).trimEnd();
    })
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

const CODE_NAMES: Record<number, string> = { 1: "invalid_input", 2: "not_found", 3: "conflict", 4: "corrupt_store", 70: "bug", 74: "environment" };

/**
 * A stack with positions in the bundle mapped to the source files (dist/maestro.cjs.map), so a
 * --verbose stack names apps/cli/src/... lines; unchanged where there is no map (tests run sources).
 */
const sourceStack = (stack: string): string => {
  const bundle = fileURLToPath(import.meta.url);
  let map: import("node:module").SourceMap;
  try {
    const { SourceMap } = process.getBuiltinModule("node:module") as typeof import("node:module");
    map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, "utf8")));
  } catch {
    return stack;
  }
  const root = join(dirname(bundle), "..");
  const mapped = (l: string, c: string) => {
    const line = Number(l);
    const e = map.findEntry(line - 1, Number(c) - 1 - (line === 1 ? WRAPPER_HEAD.length : 0)) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!e.originalSource) return `${bundle}:${l}:${c}`;
    const source = e.originalSource.startsWith("file:") ? fileURLToPath(e.originalSource) : resolve(dirname(bundle), e.originalSource);
    return `${relative(root, source)}:${e.originalLine! + 1}:${e.originalColumn! + 1}`;
  };
  // (split on the bundle's path: each part after it starts with the frame's line:column)
  const [head, ...frames] = stack.split(`${bundle}:`);
  return (
    head +
    frames
      .map((f) => {
        const at = /^(\d+):(\d+)/.exec(f);
        return at ? mapped(at[1]!, at[2]!) + f.slice(at[0].length) : `${bundle}:${f}`;
      })
      .join("")
  );
};

/** The one exit point: expected failures get a line and a code; anything else is a defect. */
export const reportError = (e: unknown, opts: { json: boolean; verbose: boolean }): number => {
  if (e instanceof Exit) return e.code;
  e = fromSystemError(e, io().cwd) ?? e;
  const known = isMaestroError(e) ? e : undefined;
  const code = known ? exitCodeOf(known) : 70;
  const message = known ? known.message : `this is a bug in maestro: ${e instanceof Error ? e.message : String(e)}${opts.verbose ? "" : " (run with --verbose for the stack)"}`;
  const oneLine = message.replace(/\s*\n\s*/g, " ");
  if (opts.json) {
    const { _tag: kind, condition, hints } = known ?? { _tag: "Defect", condition: "Defect", hints: hintsOf(oneLine) };
    io().stderr(JSON.stringify({ error: { code: CODE_NAMES[code] ?? String(code), kind, condition, message: oneLine, ...(hints.length ? { hints } : {}) } }) + "\n");
  } else err(`${red("error:")} ${oneLine}\n`);
  if (code === 70 && opts.verbose && e instanceof Error && e.stack) io().stderr(sourceStack(e.stack) + "\n");
  return code;
};

/** `1 assertion`, `3 assertions`. */
export const count = (n: number, word: string, plural = `${word}s`) => `${n} ${n === 1 ? word : plural}`;

/** A status said in a sentence: "is in review", "is done". */
export const isStatus = (status: string) => (status === "review" ? "is in review" : `is ${status}`);
