import { describe, expect, it } from "vitest";
import { initialUi, onKey } from "@maestro/dashboard";

describe("Mission Control keys", () => {
  it("switches screens by number or letter, moves, opens and quits", () => {
    let ui = onKey(initialUi, { ch: "3" });
    expect(ui.screen).toBe("tasks");
    ui = onKey(ui, { ch: "e", name: "e" });
    expect(ui.screen).toBe("events");
    ui = onKey(onKey(onKey(ui, { name: "down" }), { name: "j", ch: "j" }), { name: "k", ch: "k" });
    expect(ui.cursor).toBe(1);
    ui = onKey(ui, { name: "enter" });
    expect(ui.detail).toBe(true);
    ui = onKey(ui, { name: "escape" });
    expect(ui.detail).toBe(false);
    expect(onKey(ui, { name: "q", ch: "q" }).quit).toBe(true);
  });

  it("types a filter after /, keeps it on enter and clears it on escape", () => {
    let ui = onKey(initialUi, { ch: "/" });
    expect(ui.typing).toBe(true);
    for (const ch of "auth") ui = onKey(ui, { ch, name: ch });
    // letters that switch screens are text while typing
    expect(ui).toMatchObject({ filter: "auth", screen: "dashboard" });
    ui = onKey(ui, { name: "backspace" });
    ui = onKey(ui, { name: "enter" });
    expect(ui).toMatchObject({ typing: false, filter: "aut" });
    ui = onKey(onKey(ui, { ch: "/" }), { name: "escape" });
    expect(ui.filter).toBe("");
  });

  it("shows help on ? and closes it on any key", () => {
    const ui = onKey(initialUi, { ch: "?" });
    expect(ui.help).toBe(true);
    expect(onKey(ui, { ch: "x" }).help).toBe(false);
  });
});
