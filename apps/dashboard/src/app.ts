// The interactive Mission Control: a blessed screen that shows frames from view.ts, feeds keys
// to the pure handler, and refreshes when any log changes (fs.watch, debounced). It reads
// through engine queries only; it never appends.
import { watch, type FSWatcher } from "node:fs";
// the widgets are imported one by one: blessed's index loads them with a computed require
// that a bundler cannot follow
// @ts-expect-error no types for the deep module
import Screen from "blessed/lib/widgets/screen.js";
// @ts-expect-error no types for the deep module
import Box from "blessed/lib/widgets/box.js";
import type { Widgets } from "blessed";
import type { Ctx } from "@maestro/engine/context";
import { handoffsDir } from "@maestro/engine/handoffs";
import { requireWorkspace } from "@maestro/engine/workspace";
import { missionAt, takeSnapshot, type Snapshot } from "./snapshot.js";
import { initialUi, itemsOn, onKey, renderFrame, timelineSelection, toTags, type Ui } from "./view.js";

const DEBOUNCE_MS = 150;

export const runInteractive = async (ctx: Ctx, start: Ui = initialUi): Promise<void> => {
  let snap: Snapshot = await takeSnapshot(ctx);
  return new Promise((resolve) => {
    const color = !ctx.env["NO_COLOR"];
    const screen: Widgets.Screen = new Screen({ smartCSR: true, fullUnicode: true, title: "maestro · Mission Control", warnings: false });
    const box: Widgets.BoxElement = new Box({ parent: screen, top: 0, left: 0, width: "100%", height: "100%", tags: true, wrap: false });
    let ui: Ui = start;

    const pastFor = async (u: Ui): Promise<Ui> => {
      if (u.screen !== "timeline" || !u.detail) return u;
      const sel = timelineSelection(snap, u);
      if (!sel || u.past?.seq === sel.seq) return u;
      const st = (await missionAt(ctx, sel.missionId, sel.seq));
      const lines = [`mission ${st.status} · features ${st.progress.features.done}/${st.progress.features.total} done · assertions ${st.progress.assertions.passed}/${st.progress.assertions.total} passed`, ...st.features.map((f) => `  ${f.id}: ${f.status}`), ...st.assertions.map((a) => `  assertion ${a.id}: ${a.status}`)];
      return { ...u, past: { seq: sel.seq, text: lines } };
    };
    const draw = async () => {
      const size = { width: Number(screen.width), height: Number(screen.height) };
      const items = itemsOn(snap, ui, size.width);
      if (ui.cursor >= items && items > 0) ui = { ...ui, cursor: items - 1 };
      if (ui.mission >= snap.missions.length && snap.missions.length) ui = { ...ui, mission: snap.missions.length - 1 };
      ui = await pastFor(ui);
      box.setContent(toTags(renderFrame(snap, ui, size), color));
      screen.render();
    };

    let timer: NodeJS.Timeout | undefined;
    const refresh = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(async () => {
        try {
          snap = (await takeSnapshot(ctx));
        } catch {
          // a log caught mid-write reads again on the next change
        }
        await draw();
      }, DEBOUNCE_MS);
    };
    const ws = requireWorkspace(ctx);
    const watchers: FSWatcher[] = [];
    const onChange = (_: string, file: string | Buffer | null) => {
      if (String(file ?? "").endsWith(".jsonl") || String(file ?? "").endsWith("output.log")) refresh();
    };
    for (const dir of [ws.dir, handoffsDir(ctx)]) {
      try {
        watchers.push(watch(dir, { recursive: true }, onChange));
      } catch {
        // no handoff store yet
      }
    }
    // a new handoff store appearing later is picked up by a slow poll as well
    const poll = setInterval(refresh, 5000);

    const quit = () => {
      clearInterval(poll);
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
      screen.destroy();
      resolve();
    };
    // blessed reports one Enter twice ("return" and "enter", in one tick): the second is dropped
    let entered = false;
    screen.on("keypress", (ch: string | undefined, key: { name?: string; full?: string } | undefined) => {
      if (key?.name === "enter" || key?.name === "return") {
        if (entered) return;
        entered = true;
        setImmediate(() => (entered = false));
      }
      const k = key?.full === "C-c" ? { name: "C-c" } : { ...(key?.name ? { name: key.name } : {}), ...(ch ? { ch } : {}) };
      ui = onKey(ui, k);
      if (ui.quit) return quit();
      void draw();
    });
    screen.on("resize", () => void draw());
    void draw();
  });
};
