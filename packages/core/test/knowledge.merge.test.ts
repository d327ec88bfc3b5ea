// How a merge resolves concurrent principle, memory and handoff events: one rule of each
// entity's table at a time, given the events in fold order.
import { describe, expect, it } from "vitest";
import { handoffStream, memoryStream, principlesStream, type HandoffEvent, type MemoryEvent, type Principle, type PrincipleEvent } from "@maestro/core";
import { foldAll } from "@maestro/testkit";

const simplicity: Principle = { id: "simplicity", name: "Simplicity", rule: "Keep it simple.", profiles: ["implementation"], mode: "advisory", gate: null };
const withRule = (rule: string): Principle => ({ ...simplicity, rule });
const principles = (events: PrincipleEvent[]) => foldAll(principlesStream, events);
const handoff = (events: HandoffEvent[]) => foldAll(handoffStream, events);
const update = (rule: string, was: Principle): PrincipleEvent => ({ type: "PrincipleUpdated", data: { ...withRule(rule), was } });

describe("principle merge rules", () => {
  it("live -> live: an update over what its writer saw applies, nothing listed", () => {
    const s = principles([{ type: "PrincipleAdded", data: simplicity }, update("A.", simplicity)]);
    expect(s.principles["simplicity"]!.rule).toBe("A.");
    expect(s.conflicts).toEqual([]);
  });

  it("live -> live: the later of two concurrent updates wins, listing the rule it overwrote", () => {
    const s = principles([{ type: "PrincipleAdded", data: simplicity }, update("A.", simplicity), update("B.", simplicity)]);
    expect(s.principles["simplicity"]!.rule).toBe("B.");
    expect(s.conflicts.map((c) => [c.kind, c.subject, c.reason])).toEqual([["overwritten", "simplicity", 'principle "simplicity": this update replaced rule "A.", set on the other side of a merge']]);
  });

  it("removed -> live is not an update: an update after a concurrent removal is skipped and listed", () => {
    const s = principles([{ type: "PrincipleAdded", data: simplicity }, { type: "PrincipleRemoved", data: { id: "simplicity" } }, update("B.", simplicity)]);
    expect(s.principles["simplicity"]).toMatchObject({ removed: true, rule: "Keep it simple." });
    expect(s.conflicts.map((c) => [c.kind, c.type])).toEqual([["skipped", "PrincipleUpdated"]]);
  });

  it("live -> removed twice: the second removal is a no-op", () => {
    const s = principles([{ type: "PrincipleAdded", data: simplicity }, { type: "PrincipleRemoved", data: { id: "simplicity" } }, { type: "PrincipleRemoved", data: { id: "simplicity" } }]);
    expect(s.principles["simplicity"]!.removed).toBe(true);
    expect(s.conflicts).toEqual([]);
  });

  it("absent -> live on both sides: the later add wins and lists what it replaced", () => {
    const s = principles([{ type: "PrincipleAdded", data: withRule("A.") }, { type: "PrincipleAdded", data: withRule("B.") }]);
    expect(s.principles["simplicity"]!.rule).toBe("B.");
    expect(s.conflicts.map((c) => [c.kind, c.reason])).toEqual([["overwritten", 'principle "simplicity" was added on both sides of a merge; this one replaced rule "A."']]);
  });

  it("an update written before `was` was recorded (v1) applies without a listing", () => {
    const s = principles([{ type: "PrincipleAdded", data: simplicity }, { type: "PrincipleUpdated", data: withRule("B.") }]);
    expect(s.principles["simplicity"]!.rule).toBe("B.");
    expect(s.conflicts).toEqual([]);
  });
});

describe("memory merge rules", () => {
  it("live -> forgotten on both sides: the first forget stands, the second is a no-op", () => {
    const events: MemoryEvent[] = [
      { type: "LearningAdded", data: { id: "mem_1", text: "x", branch: null } },
      { type: "MemoryForgotten", data: { id: "mem_1", reason: "a" } },
      { type: "MemoryForgotten", data: { id: "mem_1", reason: "b" } },
    ];
    expect(foldAll(memoryStream, events).forgotten).toEqual({ mem_1: "2026-01-01T00:00:01.000Z" });
  });
});

describe("handoff record rules", () => {
  const created: HandoffEvent = {
    type: "HandoffCreated",
    data: { handoffId: "hof_1", name: null, agent: "codex", model: null, task: "t", sourceDir: "/s", targetDir: "/s", promptPath: "/p", outputPath: "/o", argv: [], refs: { missionId: null, featureId: null, taskId: null }, worktree: null, timeoutMs: null } as never,
  };
  it("launched -> completed, then a late lost report does not turn a clean exit into a failure", () => {
    const s = handoff([created, { type: "HandoffLaunched", data: { pid: 1, detached: true } }, { type: "HandoffExited", data: { exitCode: 0, signal: null, timedOut: false, cancelled: false } }, { type: "HandoffLost", data: { reason: "gone" } }]);
    expect(s.record).toMatchObject({ status: "completed", exitCode: 0, error: null });
  });
  it("launching -> completed is not a row: an exit before the launch leaves the record launching", () => {
    const s = handoff([created, { type: "HandoffExited", data: { exitCode: 0, signal: null, timedOut: false, cancelled: false } }]);
    expect(s.record!.status).toBe("launching");
  });
});
