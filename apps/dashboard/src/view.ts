// The pure part of Mission Control: UI state, key handling, and rendering a snapshot into a
// frame of styled text lines of an exact size. Blessed only shows these frames; previews,
// render checks and tests use them directly.
import type { Snapshot } from "./snapshot.js";
import { escapeControls } from "@maestro/core/text";

export const SCREENS = ["dashboard", "features", "tasks", "handoffs", "events", "timeline", "memory"] as const;
export type Screen = (typeof SCREENS)[number];
const KEYS: Record<string, Screen> = { "1": "dashboard", "2": "features", "3": "tasks", "4": "handoffs", "5": "events", "6": "timeline", "7": "memory", d: "dashboard", f: "features", t: "tasks", h: "handoffs", e: "events", l: "timeline", m: "memory" };

export type Style = "bold" | "dim" | "ok" | "warn" | "bad" | "sel" | "head";
export interface Seg {
  readonly t: string;
  readonly s?: Style;
}
export type Line = readonly Seg[];

export interface Ui {
  readonly screen: Screen;
  readonly cursor: number;
  readonly mission: number;
  readonly detail: boolean;
  readonly filter: string;
  readonly typing: boolean;
  readonly help: boolean;
  readonly quit: boolean;
  /** state at the selected timeline point, loaded by the app (read-only time travel) */
  readonly past: { readonly seq: number; readonly text: readonly string[] } | null;
}
/** The mission Mission Control opens on: the first one still under way (not rejected, completed or failed), else the first. */
export const openingMission = (s: { readonly missions: readonly { readonly status: string }[] }): number => Math.max(0, s.missions.findIndex((m) => !["rejected", "completed", "failed"].includes(m.status)));

/** An assertion's mark: passed, failed, waived, blocked, or not yet judged. */
const assertionMark = (status: string) => ({ passed: "✓", failed: "✗", waived: "~", blocked: "!" })[status] ?? "·";

export const initialUi: Ui = { screen: "dashboard", cursor: 0, mission: 0, detail: false, filter: "", typing: false, help: false, quit: false, past: null };

/** Pure key handling: (key, ui) -> ui. `name` is blessed's key name, `ch` the character typed. */
export const onKey = (ui: Ui, key: { name?: string; ch?: string }): Ui => {
  const k = key.name ?? key.ch ?? "";
  if (ui.typing) {
    if (k === "enter" || k === "return") return { ...ui, typing: false, cursor: 0 };
    if (k === "escape") return { ...ui, typing: false, filter: "", cursor: 0 };
    if (k === "backspace") return { ...ui, filter: ui.filter.slice(0, -1) };
    return key.ch && key.ch.length === 1 && key.ch >= " " ? { ...ui, filter: ui.filter + key.ch } : ui;
  }
  if (ui.help) return { ...ui, help: false, quit: k === "q" };
  const screen = KEYS[key.ch ?? ""];
  if (screen) return { ...ui, screen, cursor: 0, detail: false, past: null };
  switch (k) {
    case "q":
    case "C-c":
      return { ...ui, quit: true };
    case "?":
      return { ...ui, help: true };
    case "/":
      return { ...ui, typing: true, filter: "" };
    case "j":
    case "down":
      return { ...ui, cursor: ui.cursor + 1, past: null };
    case "k":
    case "up":
      return { ...ui, cursor: Math.max(0, ui.cursor - 1), past: null };
    case "enter":
    case "return":
      return { ...ui, detail: !ui.detail };
    case "escape":
      return { ...ui, detail: false, past: null, filter: "" };
    case "[":
      return { ...ui, mission: Math.max(0, ui.mission - 1), cursor: 0 };
    case "]":
      return { ...ui, mission: ui.mission + 1, cursor: 0 };
    default:
      return key.ch === "?" ? { ...ui, help: true } : key.ch === "/" ? { ...ui, typing: true, filter: "" } : ui;
  }
};

// ---- text helpers -------------------------------------------------------------------------

// (user text is made safe here, where every cell is laid out: the frame is then written as it is)
const clean = (t: string) => escapeControls(t).replace(/\r?\n/g, "\\n");
const fit = (raw: string, w: number) => {
  const t = clean(raw);
  return w <= 0 ? "" : t.length > w ? `${t.slice(0, Math.max(0, w - 1))}…` : t.padEnd(w);
};
const statusStyle = (s: string): Style | undefined =>
  ["done", "passed", "sealed", "completed", "approved", "waived"].includes(s) ? "ok" : ["failed", "blocked", "rejected"].includes(s) ? "bad" : ["in-progress", "in_progress", "executing", "review", "validating", "launched", "launching"].includes(s) ? "warn" : undefined;
const bar = (n: number, total: number, w = 10) => {
  const filled = total ? Math.round((n / total) * w) : 0;
  return `[${"#".repeat(filled)}${"-".repeat(w - filled)}] ${n}/${total}`;
};
/** A row of columns: [text, width, style]; the last column takes what is left. */
const row = (width: number, cols: readonly (readonly [string, number, (Style | undefined)?])[], base?: Style): Line => {
  const out: Seg[] = [];
  let used = 0;
  cols.forEach(([t, w, s], i) => {
    const room = i === cols.length - 1 ? width - used : Math.min(w, width - used);
    if (room <= 0) return;
    const text = fit(t, i === cols.length - 1 ? room : room - 1) + (i === cols.length - 1 ? "" : " ");
    used += text.length;
    const style = s ?? base;
    out.push(style ? { t: text, s: style } : { t: text });
  });
  return out;
};
const text = (raw: string, s?: Style): Line => {
  const t = clean(raw);
  return [s ? { t, s } : { t }];
};
const blank: Line = [];
const heading = (t: string): Line => text(t, "head");

// ---- screens ------------------------------------------------------------------------------

type Body = { lines: Line[]; items: number; detail?: Line[] };

const matches = (ui: Ui, ...fields: (string | null | undefined)[]) => !ui.filter || fields.some((f) => f?.toLowerCase().includes(ui.filter.toLowerCase()));

const dashboard = (s: Snapshot, ui: Ui, w: number): Body => {
  const lines: Line[] = [heading("MISSIONS")];
  if (!s.missions.length) lines.push(text("  no missions yet: maestro mission create --file plan.json", "dim"));
  const ms = s.missions.filter((m) => matches(ui, m.id, m.title, m.status));
  ms.forEach((m, i) =>
    lines.push(row(w, [[` ${m.id}`, 17], [m.status, 11, statusStyle(m.status)], [`features ${bar(m.progress.features.done, m.progress.features.total)}`, 28], [`assertions ${bar(m.progress.assertions.passed, m.progress.assertions.total)}`, 30], [`at ${m.activeMilestone ?? "-"}`, 16], [m.title, 0]], i === ui.cursor ? "sel" : undefined)),
  );
  lines.push(blank, heading("TASKS"), text(`  active ${s.tasks.active.length} · ready ${s.tasks.ready.length} · blocked ${s.tasks.blocked.length} · completed ${s.tasks.completed}`));
  if (s.tasks.next) lines.push(text(`  next: ${s.tasks.next}`, "dim"));
  if (s.conflicts.length) lines.push(text(`  ${s.conflicts.length} merge conflict(s): see the tasks screen or \`maestro log --conflicts\``, "bad"));
  const running = s.handoffs.filter((h) => h.status === "launched" || h.status === "launching");
  lines.push(blank, heading(`HANDOFFS  running ${running.length} · total ${s.handoffs.length}`));
  for (const h of running.slice(0, 5)) lines.push(row(w, [[`  ${h.id}`, 18], [h.agent, 8], [h.status, 10, statusStyle(h.status)], [h.task, 0]]));
  lines.push(blank, heading("LAST EVENTS"));
  for (const e of s.events.slice(0, 8)) lines.push(row(w, [[`  ${e.at.slice(11, 19)}`, 11], [e.stream, 24], [e.actor, 18], [e.type, 24], [e.summary, 0]]));
  return { lines, items: ms.length };
};

const features = (s: Snapshot, ui: Ui, w: number): Body => {
  const m = s.missions[Math.min(ui.mission, s.missions.length - 1)];
  if (!m) return { lines: [text("no missions yet", "dim")], items: 0 };
  const lines: Line[] = [text(`mission ${m.id} · ${m.title} · ${m.status}   ([ ] other mission)`, "bold")];
  const fs = m.features.filter((f) => matches(ui, f.id, f.title, f.status, f.agentType));
  let i = 0;
  for (const ms of m.milestones) {
    lines.push(blank, row(w, [[`${ms.id}`, 20, "head"], [ms.status, 11, statusStyle(ms.status)], [`${ms.kind}/${ms.profile}`, 0, "dim"]]));
    for (const f of fs.filter((x) => x.milestoneId === ms.id)) {
      lines.push(row(w, [[`  ${f.id}`, 22], [f.status, 12, statusStyle(f.status)], [f.agentType, 12], [f.dependsOn.length ? `needs ${f.dependsOn.join(",")}` : "", 22, "dim"], [f.title, 0]], i === ui.cursor ? "sel" : undefined));
      for (const a of m.assertions.filter((x) => x.featureId === f.id)) lines.push(row(w, [[`      ${assertionMark(a.status)} ${a.id}`, 30], [a.status, 9, statusStyle(a.status)], [a.evidence ?? "", 0, "dim"]]));
      i++;
    }
  }
  return { lines, items: fs.length };
};

const tasks = (s: Snapshot, ui: Ui, w: number): Body => {
  const t = s.tasks;
  const line = (x: { id: string; priority: string; title: string; assignee: string | null; slug: string }, i: number, extra = "") =>
    row(w, [[`  ${x.id}`, 17], [x.priority, 4], [x.slug, 24], [x.assignee ? `@${x.assignee}` : "", 18, "dim"], [`${x.title}${extra}`, 0]], i === ui.cursor ? "sel" : undefined);
  const lines: Line[] = [];
  let i = 0;
  const f = <T extends { id: string; title: string; slug: string }>(xs: readonly T[]) => xs.filter((x) => matches(ui, x.id, x.title, x.slug));
  lines.push(heading(`ACTIVE (${t.active.length})`), ...f(t.active).map((x) => line(x, i++)));
  lines.push(heading(`READY (${t.ready.length})`), ...f(t.ready).slice(0, 50).map((x) => line(x, i++)));
  lines.push(heading(`BLOCKED (${t.blocked.length})`), ...f(t.blocked).slice(0, 50).map((x) => line(x, i++, `  waiting on ${x.waitingOn.join(", ")}`)));
  if (t.tracks.length) lines.push(heading("TRACKS"), ...t.tracks.slice(0, 10).map((tr) => text(`  ${tr.join(" -> ")}`)));
  lines.push(text(`${t.completed} completed · next: ${t.next ?? "-"}`, "dim"));
  if (s.conflicts.length) lines.push(heading(`MERGE CONFLICTS (${s.conflicts.length})`), ...s.conflicts.slice(-10).map((c) => row(w, [[`  ${c.subject}`, 17], [c.actor, 18, "dim"], [c.reason, 0]])));
  return { lines, items: i };
};

const handoffs = (s: Snapshot, ui: Ui, w: number): Body => {
  const hs = s.handoffs.filter((h) => matches(ui, h.id, h.agent, h.status, h.task));
  const now = Date.parse(s.takenAt);
  const lines: Line[] = [row(w, [["ID", 18], ["AGENT", 8], ["MODEL", 10], ["STATUS", 11], ["AGE", 7], ["EXIT", 6], ["COST", 9], ["FILES", 6], ["TASK", 0]], "dim")];
  hs.forEach((h, i) => {
    const age = Math.max(0, Math.round((now - Date.parse(h.createdAt)) / 60000));
    lines.push(row(w, [[h.id, 18], [h.agent, 8], [h.model ?? "-", 10], [h.status, 11, statusStyle(h.status)], [`${age}m`, 7], [h.exitCode === null ? (h.timedOut ? "timeout" : "-") : String(h.exitCode), 6], [h.costUsd !== null ? `$${h.costUsd}` : h.tokens !== null ? `${h.tokens}t` : "-", 9], [String(h.files.length), 6], [h.task, 0]], i === ui.cursor ? "sel" : undefined));
  });
  const sel = hs[Math.min(ui.cursor, hs.length - 1)];
  if (sel?.files.length)
    lines.push(blank, heading(`changed by ${sel.id}: ${sel.commits} commit(s), ${sel.files.length} file(s)`), ...sel.files.slice(0, 8).map((f) => text(`  ${f.path} +${f.added ?? "bin"} -${f.removed ?? "bin"}${f.uncommitted ? " (uncommitted)" : ""}`, "dim")));
  if (sel) lines.push(blank, heading(`output of ${sel.id} (tail)`), ...(sel.outputTail.length ? sel.outputTail.map((l) => text(`  ${l}`, "dim")) : [text("  (empty)", "dim")]));
  if (!hs.length) lines.push(text("no handoffs", "dim"));
  return { lines, items: hs.length };
};

const events = (s: Snapshot, ui: Ui, w: number): Body => {
  const es = s.events.filter((e) => matches(ui, e.stream, e.type, e.actor, e.summary));
  const lines: Line[] = [row(w, [["AT", 20], ["STREAM", 24], ["SEQ", 6], ["ACTOR", 20], ["TYPE", 24], ["WHAT", 0]], "dim")];
  es.forEach((e, i) => lines.push(row(w, [[e.at.slice(0, 19), 20], [e.stream, 24], [String(e.seq), 6], [e.actor, 20], [e.type, 24], [e.summary, 0]], i === ui.cursor ? "sel" : undefined)));
  const sel = es[Math.min(ui.cursor, es.length - 1)];
  const detail = ui.detail && sel ? JSON.stringify(sel, null, 2).split("\n").map((l) => text(l)) : undefined;
  return { lines, items: es.length, ...(detail ? { detail } : {}) };
};

const timeline = (s: Snapshot, ui: Ui, w: number): Body => {
  const m = s.missions[Math.min(ui.mission, s.missions.length - 1)];
  if (!m) return { lines: [text("no missions yet", "dim")], items: 0 };
  const ckp = new Map(m.checkpoints.map((c) => [c.seq, c]));
  const lines: Line[] = [text(`mission ${m.id} · ${m.seq} events (newest ${m.timeline.length} shown) · enter: the state at that point`, "bold")];
  const evs = m.timeline.filter((e) => matches(ui, e.type, e.actor, e.summary));
  evs.forEach((e, i) => {
    const c = ckp.get(e.seq);
    lines.push(row(w, [[`${c ? "◆" : "│"} ${String(e.seq).padStart(5)}`, 9, c ? "ok" : "dim"], [e.at.slice(0, 19), 20], [e.actor, 18], [e.type, 24], [c ? `◆ checkpoint "${c.label}" ${c.id} · ${e.summary}` : e.summary, 0]], i === ui.cursor ? "sel" : undefined));
  });
  const detail = ui.detail && ui.past ? [text(`state at seq ${ui.past.seq} (read-only)`, "head"), ...ui.past.text.map((l) => text(l))] : undefined;
  return { lines, items: evs.length, ...(detail ? { detail } : {}) };
};

const memory = (s: Snapshot, ui: Ui, w: number): Body => {
  const lines: Line[] = [heading(`CORRECTIONS (${s.memory.corrections.length})`)];
  for (const c of s.memory.corrections.filter((x) => matches(ui, x.rule))) lines.push(row(w, [[`  ${c.id}`, 17], [c.severity, 6, c.severity === "hard" ? "bad" : undefined], [c.rule, 0]]));
  lines.push(blank, heading(`GUIDANCE (${s.memory.guidance.length}, from ${s.memory.learnings} learnings)`));
  for (const g of s.memory.guidance.slice(0, 10)) lines.push(text(`  - ${g.text}${g.count > 1 ? ` (x${g.count})` : ""}`));
  lines.push(blank, heading("PRINCIPLES"), row(w, [["  ID", 24], ["MODE", 10], ["GATED", 7], ["PASSED", 7], ["FAILED", 7], ["RATED +/-", 10], ["EFFECTIVENESS", 0]], "dim"));
  for (const p of s.principles) lines.push(row(w, [[`  ${p.id}`, 24], [p.mode, 10], [String(p.gated), 7], [String(p.passed), 7], [String(p.failed), 7], [`${p.helpful}/${p.unhelpful}`, 10], [p.effectiveness === null ? "-" : String(p.effectiveness), 0]]));
  return { lines, items: 0 };
};

const BODIES: Record<Screen, (s: Snapshot, ui: Ui, w: number) => Body> = { dashboard, features, tasks, handoffs, events, timeline, memory };

export const MIN = { width: 80, height: 24 };
const HELP = [
  "1-7 or d f t h e l m   switch screen: dashboard, features, tasks, handoffs, events, timeline, memory",
  "j/k or arrows          move",
  "enter                  open: full event (events), state at that point (timeline)",
  "[ and ]                previous / next mission (features, timeline)",
  "/                      filter (enter keeps it, escape clears)",
  "escape                 close, clear the filter",
  "?                      this help       q  quit",
  "",
  "Mission Control is read-only: it never writes to a log.",
];

/** One frame: exactly `height` lines, none wider than `width`. */
export const renderFrame = (s: Snapshot, ui: Ui, size: { width: number; height: number }): Line[] => {
  const { width: w, height: h } = size;
  if (w < MIN.width || h < MIN.height) return [text(fit(`terminal too small: need ${MIN.width}x${MIN.height}, have ${w}x${h}`, w))];
  const tabs: Seg[] = [{ t: " maestro ", s: "bold" }];
  SCREENS.forEach((name, i) => tabs.push({ t: ` ${i + 1} ${name} `, ...(name === ui.screen ? { s: "sel" as const } : { s: "dim" as const }) }));
  const header = clip(tabs, w);
  const footerText = ui.typing ? `/${ui.filter}▏  (enter keep · escape clear)` : `${ui.filter ? `filter: ${ui.filter} · ` : ""}1-7 screens  j/k move  enter open  / filter  ? help  q quit  · ${s.takenAt.slice(11, 19)}`;
  const footer = text(fit(footerText, w), "dim");
  const room = h - 2;
  let body: Line[];
  if (ui.help) body = [heading("HELP"), ...HELP.map((l) => text(l))];
  else {
    const b = BODIES[ui.screen](s, ui, w);
    const lines = b.detail ? [...b.lines.slice(0, Math.max(3, Math.floor(room / 2))), text("─".repeat(w), "dim"), ...b.detail] : b.lines;
    // keep the selected line in view
    const selAt = lines.findIndex((l) => l.some((seg) => seg.s === "sel"));
    const start = b.detail ? 0 : Math.max(0, Math.min(selAt - Math.floor(room / 2), lines.length - room));
    body = lines.slice(start, start + room);
  }
  body = body.map((l) => clip(l, w));
  while (body.length < room) body.push(blank);
  return [header, ...body, footer];
};

/** The cursor bound for the current screen (the app clamps ui.cursor with it). */
export const itemsOn = (s: Snapshot, ui: Ui, w: number) => BODIES[ui.screen](s, ui, w).items;

const clip = (l: Line, w: number): Line => {
  const out: Seg[] = [];
  let used = 0;
  for (const seg of l) {
    if (used >= w) break;
    const t = seg.t.length > w - used ? `${seg.t.slice(0, Math.max(0, w - used - 1))}…` : seg.t;
    out.push({ ...seg, t });
    used += t.length;
  }
  return out;
};

const SGR: Record<Style, string> = { bold: "1", dim: "2", ok: "32", warn: "33", bad: "31", sel: "7", head: "1;36" };
const TAG: Record<Style, [string, string]> = { bold: ["{bold}", "{/bold}"], dim: ["{gray-fg}", "{/gray-fg}"], ok: ["{green-fg}", "{/green-fg}"], warn: ["{yellow-fg}", "{/yellow-fg}"], bad: ["{red-fg}", "{/red-fg}"], sel: ["{inverse}", "{/inverse}"], head: ["{bold}{cyan-fg}", "{/cyan-fg}{/bold}"] };

export const toPlain = (frame: readonly Line[]) => frame.map((l) => l.map((s) => s.t).join("").trimEnd()).join("\n");
export const toAnsi = (frame: readonly Line[]) => frame.map((l) => l.map((s) => (s.s ? `\x1b[${SGR[s.s]}m${s.t}\x1b[0m` : s.t)).join("")).join("\n");
export const toTags = (frame: readonly Line[], color: boolean) =>
  frame.map((l) => l.map((s) => {
    const t = s.t.replace(/[{}]/g, (c) => (c === "{" ? "{open}" : "{close}"));
    return s.s && (color || s.s === "sel") ? `${TAG[s.s][0]}${t}${TAG[s.s][1]}` : t;
  }).join("")).join("\n");

/** `--render-check`: every screen at this size, problems listed (a line wider than the screen, or too many lines). */
export const renderCheck = (s: Snapshot, size: { width: number; height: number }): string[] => {
  const problems: string[] = [];
  for (const screen of SCREENS)
    for (const ui of [{ ...initialUi, screen }, { ...initialUi, screen, detail: true }, { ...initialUi, screen, help: true }]) {
      const frame = renderFrame(s, ui, size);
      if (frame.length !== size.height) problems.push(`${screen}: ${frame.length} lines for a ${size.height}-line screen`);
      frame.forEach((l, i) => {
        const len = l.reduce((n, seg) => n + seg.t.length, 0);
        if (len > size.width) problems.push(`${screen}: line ${i + 1} is ${len} wide, over ${size.width}`);
        if (l.some((seg) => /[\n\r\t\x1b]/.test(seg.t))) problems.push(`${screen}: line ${i + 1} has a control character that would break the layout`);
      });
    }
  return problems;
};

/** The timeline event under the cursor (what Enter shows the state of). */
export const timelineSelection = (s: Snapshot, ui: Ui): { missionId: string; seq: number } | undefined => {
  const m = s.missions[Math.min(ui.mission, s.missions.length - 1)];
  const evs = m?.timeline.filter((e) => matches(ui, e.type, e.actor, e.summary)) ?? [];
  const e = evs[Math.min(ui.cursor, evs.length - 1)];
  return m && e ? { missionId: m.id, seq: e.seq } : undefined;
};
