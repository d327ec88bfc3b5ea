// Mission Control's entry: the interactive screen, or its non-interactive forms (--json,
// --preview, --render-check) that scripts and tests use.
import { loadCodecs } from "@maestro/core/codec";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import type { Ctx } from "@maestro/engine/context";
import { takeSnapshot, type Snapshot } from "./snapshot.js";
import { SCREENS, initialUi, renderCheck, renderFrame, toAnsi, toPlain, type Screen, type Ui, openingMission } from "./view.js";

export { takeSnapshot, type Snapshot } from "./snapshot.js";
export * from "./view.js";

export interface McOptions {
  readonly json?: boolean;
  readonly preview?: string;
  readonly size?: string;
  readonly format?: string;
  readonly renderCheck?: boolean;
  /** the mission (and feature) the screens open on */
  readonly mission?: string;
  readonly feature?: string;
  /** the state as of an ISO time, for --json and --preview */
  readonly at?: string;
}

// a frame is one line per row: beyond these it is no screen anyone has
const MIN_SIZE = { width: 40, height: 10 };
const MAX_SIZE = { width: 500, height: 300 };

export const parseSize = (text: string | undefined, fallback: { width: number; height: number }) => {
  if (text === undefined) return fallback;
  const m = /^(\d{1,6})x(\d{1,6})$/.exec(text);
  const size = m ? { width: Number(m[1]), height: Number(m[2]) } : undefined;
  if (!size || size.width < MIN_SIZE.width || size.height < MIN_SIZE.height || size.width > MAX_SIZE.width || size.height > MAX_SIZE.height)
    throw new InvalidInput({ condition: "InvalidValue", message: `--size takes WIDTHxHEIGHT from ${MIN_SIZE.width}x${MIN_SIZE.height} to ${MAX_SIZE.width}x${MAX_SIZE.height}, e.g. 120x40, got ${JSON.stringify(text)}` });
  return size;
};

/** The screen state `--mission` and `--feature` name: that mission selected, that feature open. */
const openOn = (snap: Snapshot, o: McOptions): Ui => {
  const mission = o.mission !== undefined ? snap.missions.findIndex((m) => m.id === o.mission) : o.feature !== undefined ? snap.missions.findIndex((m) => m.features.some((f) => f.id === o.feature)) : openingMission(snap);
  if (mission === -1)
    throw o.mission !== undefined
      ? new NotFound({ condition: "MissionNotFound", message: `mission "${o.mission}" not found; see \`maestro mission list\`` })
      : new NotFound({ condition: "FeatureNotFound", message: `feature "${o.feature}" not found in any mission; see \`maestro feature list\`` });
  if (o.feature === undefined) return { ...initialUi, mission };
  // (the features screen lists them milestone by milestone)
  const m = snap.missions[mission]!;
  const cursor = m.milestones.flatMap((ms) => m.features.filter((f) => f.milestoneId === ms.id)).findIndex((f) => f.id === o.feature);
  if (cursor === -1) throw new NotFound({ condition: "FeatureNotFound", message: `feature "${o.feature}" not found in mission "${o.mission}"; see \`maestro feature list -m ${o.mission}\`` });
  return { ...initialUi, mission, screen: "features", cursor };
};

/** Runs Mission Control; returns what to print for the non-interactive forms, or undefined. */
export const missionControl = async (ctx: Ctx, o: McOptions): Promise<{ out: string; code: number } | undefined> => {
  const size = parseSize(o.size, { width: process.stdout.columns ?? 120, height: process.stdout.rows ?? 40 });
  if (o.format !== undefined && o.format !== "plain" && o.format !== "ansi") throw new InvalidInput({ condition: "InvalidValue", message: `--format must be plain or ansi, got ${JSON.stringify(o.format)}` });
  if (o.preview !== undefined && o.preview !== "all" && o.preview !== "" && !(SCREENS as readonly string[]).includes(o.preview))
    throw new InvalidInput({ condition: "InvalidValue", message: `--preview takes a screen (${SCREENS.join(", ")}) or all, got ${JSON.stringify(o.preview)}` });
  if (o.at !== undefined && o.json !== true && o.preview === undefined && o.renderCheck !== true)
    throw new InvalidInput({ condition: "UsageError", message: "--at shows a past state, which the live screen does not: use it with --preview or --json" });
  const snap = (await takeSnapshot(ctx, o.at === undefined ? {} : { at: o.at }));
  const ui = openOn(snap, o);
  if (o.json) return { out: JSON.stringify(snap, null, 2), code: 0 };
  if (o.renderCheck) {
    const problems = renderCheck(snap, size);
    return problems.length ? { out: problems.join("\n"), code: 1 } : { out: `ok: ${SCREENS.length} screens render within ${size.width}x${size.height}`, code: 0 };
  }
  if (o.preview !== undefined) {
    const ansi = o.format === "ansi" && !ctx.env["NO_COLOR"];
    const screens: Screen[] = o.preview === "all" || o.preview === "" ? [...SCREENS] : [o.preview as Screen];
    const frames = screens.map((screen) => {
      const frame = renderFrame(snap, { ...ui, screen }, size);
      return `${screens.length > 1 ? `=== ${screen} ===\n` : ""}${ansi ? toAnsi(frame) : toPlain(frame)}`;
    });
    return { out: frames.join("\n"), code: 0 };
  }
  if (!process.stdout.isTTY || !process.stdin.isTTY) throw new InvalidInput({ condition: "TerminalNeeded", message: "Mission Control needs a terminal; for scripts use --preview, --json or --render-check" });
  // the live screen reads again and again, past lines others append: no read may stop it for a codec
  await loadCodecs();
  const { runInteractive } = await import("./app.js");
  await runInteractive(ctx, ui);
  return undefined;
};
