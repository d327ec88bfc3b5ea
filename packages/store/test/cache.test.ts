// The snapshot cache is written as ASCII-only JSON and read back as latin1: text outside
// ASCII must come back exactly, and a cache of an older format must be ignored.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foldEvents, tasksStream, type Recorded, type TaskEvent } from "@maestro/core";
import { readCache, writeCache } from "@maestro/store";
import { record } from "@maestro/testkit";

const title = "Café ☕ naïve 𝄞 日本語";

const setup = () => {
  const dir = mkdtempSync(join(tmpdir(), "maestro-cache-"));
  const log = join(dir, "tasks.jsonl");
  const line = JSON.stringify({ seq: 1, id: "ev_1", type: "TaskCreated", v: 1, at: "t", actor: "a", prev: "", data: {} });
  writeFileSync(log, line + "\n");
  const events = record([
    { type: "TaskCreated", data: { taskId: "tsk_a", slug: "cafe", title, description: title, type: "task", priority: "P2", labels: ["ünï"], parentId: null, blockedBy: [], feature: null } },
  ] as TaskEvent[]) as Recorded<TaskEvent>[];
  const state = foldEvents(tasksStream, tasksStream.initial, events);
  const end = Buffer.byteLength(line) + 1;
  const tip = { seq: 1, clock: 1, path: log, lineStart: 0, lineEnd: end - 1, compacted: false };
  const point = { state, seq: 1, clock: 1, last: { clock: 1, segment: "tasks.jsonl" }, segments: { "tasks.jsonl": tip }, covered: {}, files: { [log]: { offset: end, lastLineStart: 0 } } };
  return { dir, files: [{ path: log }], state, point };
};

describe("snapshot cache", () => {
  it("brings back text outside ASCII exactly, from a file that is all ASCII", () => {
    const { dir, files, state, point } = setup();
    const cache = join(dir, "cache.json");
    writeCache(cache, tasksStream, point);
    expect(readFileSync(cache).every((b) => b < 0x80)).toBe(true);
    expect(readCache(cache, tasksStream, files)?.state).toEqual(state);
    expect(readCache(cache, tasksStream, files)?.state.tasks["tsk_a"]?.title).toBe(title);
  });

  it("ignores a cache written in an older format, and one whose file changed", () => {
    const { dir, files, point } = setup();
    const cache = join(dir, "cache.json");
    writeCache(cache, tasksStream, point);
    const entry = JSON.parse(readFileSync(cache, "utf8"));
    writeFileSync(cache, JSON.stringify({ ...entry, format: 2 }));
    expect(readCache(cache, tasksStream, files)).toBeUndefined();
    writeCache(cache, tasksStream, point);
    expect(readCache(cache, tasksStream, files)).toBeDefined();
    writeFileSync(files[0]!.path, readFileSync(files[0]!.path, "utf8").replace('"a"', '"b"'));
    expect(readCache(cache, tasksStream, files)).toBeUndefined();
  });
});
