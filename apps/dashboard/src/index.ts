// Mission Control's entry: the interactive screen, or its non-interactive forms (--json,
// --preview, --render-check) that scripts and tests use.
import { loadCodecs } from "@maestro/core/codec";
import { InvalidInput } from "@maestro/core/errors";
import type { Ctx } from "@maestro/engine/context";
import { takeSnapshot } from "./snapshot.js";
import { SCREENS, initialUi, renderCheck, renderFrame, toAnsi, toPlain, type Screen } from "./view.js";

export { takeSnapshot, type Snapshot } from "./snapshot.js";
export * from "./view.js";

export interface McOptions {
  readonly json?: boolean;
  readonly preview?: string;
  readonly size?: string;
  readonly format?: string;
  readonly renderCheck?: boolean;
}

export const parseSize = (text: string | undefined, fallback: { width: number; height: number }) => {
  if (text === undefined) return fallback;
  const m = /^(\d+)x(\d+)$/.exec(text);
  if (!m) throw new InvalidInput({ condition: "InvalidValue", message: `--size takes WIDTHxHEIGHT, e.g. 120x40, got ${JSON.stringify(text)}` });
  return { width: Number(m[1]), height: Number(m[2]) };
};

/** Runs Mission Control; returns what to print for the non-interactive forms, or undefined. */
export const missionControl = async (ctx: Ctx, o: McOptions): Promise<{ out: string; code: number } | undefined> => {
  const size = parseSize(o.size, { width: process.stdout.columns ?? 120, height: process.stdout.rows ?? 40 });
  if (o.format !== undefined && o.format !== "plain" && o.format !== "ansi") throw new InvalidInput({ condition: "InvalidValue", message: `--format must be plain or ansi, got ${JSON.stringify(o.format)}` });
  if (o.preview !== undefined && o.preview !== "all" && o.preview !== "" && !(SCREENS as readonly string[]).includes(o.preview))
    throw new InvalidInput({ condition: "InvalidValue", message: `--preview takes a screen (${SCREENS.join(", ")}) or all, got ${JSON.stringify(o.preview)}` });
  const snap = (await takeSnapshot(ctx));
  if (o.json) return { out: JSON.stringify(snap, null, 2), code: 0 };
  if (o.renderCheck) {
    const problems = renderCheck(snap, size);
    return problems.length ? { out: problems.join("\n"), code: 1 } : { out: `ok: ${SCREENS.length} screens render within ${size.width}x${size.height}`, code: 0 };
  }
  if (o.preview !== undefined) {
    const ansi = o.format === "ansi" && !ctx.env["NO_COLOR"];
    const screens: Screen[] = o.preview === "all" || o.preview === "" ? [...SCREENS] : [o.preview as Screen];
    const frames = screens.map((screen) => {
      const frame = renderFrame(snap, { ...initialUi, screen }, size);
      return `${screens.length > 1 ? `=== ${screen} ===\n` : ""}${ansi ? toAnsi(frame) : toPlain(frame)}`;
    });
    return { out: frames.join("\n"), code: 0 };
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) throw new InvalidInput({ condition: "TerminalNeeded", message: "Mission Control needs a terminal; for scripts use --preview, --json or --render-check" });
  // the live screen reads again and again, past lines others append: no read may stop it for a codec
  await loadCodecs();
  const { runInteractive } = await import("./app.js");
  await runInteractive(ctx);
  return undefined;
};
