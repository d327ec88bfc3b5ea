// Task commands are decoded before decide sees them: every app's input meets the same limits.
import { describe, expect, it } from "vitest";
import { decodeCommand } from "../src/input-fields.js";
import { InvalidInput } from "../src/errors.js";
import { MemoryCommand } from "../src/memory/commands.js";
import { MissionCommand } from "../src/mission/commands.js";
import { PrincipleCommand } from "../src/principles/commands.js";
import { TaskCommand } from "../src/tasks/commands.js";

const refusal = (input: unknown, schema: typeof TaskCommand | typeof MissionCommand | typeof PrincipleCommand | typeof MemoryCommand = TaskCommand) => {
  try {
    decodeCommand(schema as typeof TaskCommand, input);
  } catch (e) {
    if (e instanceof InvalidInput) return [e.condition, e.message];
    throw e;
  }
  return "accepted";
};

describe("task commands at the engine's door", () => {
  const create = (task: object) => ({ type: "CreateTask", task: { taskId: "tsk_1", title: "Fix it", ...task } });

  it("takes a well-formed command as it is", () => {
    const cmd = create({ labels: ["auth"], priority: "P1", slug: "fix/ünï" });
    expect(decodeCommand(TaskCommand, cmd)).toEqual(cmd);
  });

  it("refuses text over its limits in the words of the flag that carries it", () => {
    expect(refusal(create({ title: "x".repeat(201) }))).toEqual(["InvalidValue", "--title is 201 characters; at most 200"]);
    expect(refusal(create({ title: "  " }))).toEqual(["InvalidValue", "--title must not be empty"]);
    expect(refusal(create({ labels: ["ok", "a\u001b[2Jb"] }))).toEqual(["InvalidValue", "--labels must be one line of printable text (no newline, escape or direction-override character)"]);
    expect(refusal({ type: "UpdateTask", ref: "t", session: "s", now: "x", changes: { currentState: "\u202e" } })).toEqual(["InvalidValue", "--current-state must be printable text (no escape or direction-override character)"]);
    expect(refusal({ type: "CancelTask", ref: "t", session: "a\nb", reason: "r" })).toEqual(["InvalidValue", "--session must be one line of printable text (no newline, escape or direction-override character)"]);
  });

  it("refuses values outside their lists and fields no command has, saying where", () => {
    expect(refusal(create({ priority: "P9" }))).toEqual(["InvalidValue", "invalid input: task.priority must be one of P0, P1, P2, P3, P4, got \"P9\""]);
    expect(refusal(create({ colour: "red" }))).toEqual(["InvalidValue", expect.stringMatching(/^invalid input: task\.colour is not a field here/)]);
    expect(refusal({ type: "DeleteEverything" })).toEqual(["InvalidValue", expect.stringMatching(/^invalid input: type must be one of CreateTask, PlanTasks, /)]);
  });

  it("holds the mission, principle and memory commands to the same limits", () => {
    expect(refusal({ type: "SaveCheckpoint", checkpointId: "ckp_1", label: "a\nb" }, MissionCommand)).toEqual(["InvalidValue", "--label must be one line of printable text (no newline, escape or direction-override character)"]);
    expect(refusal({ type: "UpdateFeature", featureId: "f", status: "done!" }, MissionCommand)).toEqual(["InvalidValue", expect.stringMatching(/^invalid input: status must be one of pending, assigned, in-progress, review, done, blocked, got "done!"$/)]);
    const principle = { id: "p", name: "P", rule: "r", profiles: ["implementation"], mode: "advisory", gate: null };
    expect(refusal({ type: "Add", principle: { ...principle, profiles: ["implementaton"] } }, PrincipleCommand)).toEqual(["InvalidValue", expect.stringMatching(/^--profiles takes one or more of planning, .*got "implementaton"$/)]);
    expect(refusal({ type: "Rate", principleId: "p", handoffId: "../../etc", helpful: true }, PrincipleCommand)).toEqual(["InvalidValue", '--handoff "../../etc" is no handoff id; see `maestro handoff list`']);
    expect(refusal({ type: "Correct", id: "m", rule: " ", keywords: [], files: [], severity: "soft" }, MemoryCommand)).toEqual(["InvalidValue", "a correction needs its rule text"]);
    expect(refusal({ type: "Learn", id: "m", text: "x\u001b[31m", branch: null }, MemoryCommand)).toEqual(["InvalidValue", "the learning must be printable text (no escape or direction-override character)"]);
  });
});
