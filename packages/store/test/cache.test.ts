// The snapshot cache is written as ASCII-only JSON and read back as latin1: text outside
// ASCII must come back exactly, and a cache of the older format must be ignored.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { foldEvents, tasksStream, type Recorded, type TaskEvent } from "@maestro/core";
import { lineHash, readCache, writeCache } from "@maestro/store";
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
  const bytes = Buffer.byteLength(line) + 1;
  return { dir, log, state, folded: { state, seq: 1, endOffset: bytes, lastLineStart: 0, lastHash: lineHash(line) } };
};

describe("snapshot cache", () => {
  it("brings back text outside ASCII exactly, from a file that is all ASCII", () => {
    const { dir, log, state, folded } = setup();
    const cache = join(dir, "cache.json");
    writeCache(cache, tasksStream, folded);
    expect(readFileSync(cache).every((b) => b < 0x80)).toBe(true);
    expect(readCache(cache, log, tasksStream)?.state).toEqual(state);
    expect(readCache(cache, log, tasksStream)?.state.tasks["tsk_a"]?.title).toBe(title);
  });

  it("ignores a cache written in the older (UTF-8) format", () => {
    const { dir, log, folded } = setup();
    const cache = join(dir, "cache.json");
    writeCache(cache, tasksStream, folded);
    const entry = JSON.parse(readFileSync(cache, "utf8"));
    writeFileSync(cache, JSON.stringify({ ...entry, format: undefined }));
    expect(readCache(cache, log, tasksStream)).toBeUndefined();
  });
});
