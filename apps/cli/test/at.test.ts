// `--at` on the reads that span streams (status, prime, handoff list, Mission Control): an ISO
// time is one moment in all of them, so each shows what had been recorded by then.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixture, makeRepo } from "@maestro/testkit";

describe("--at on reads across streams", () => {
  it("shows status, prime, launches and Mission Control as they were at a time", () => {
    const repo = makeRepo();
    const agents = { env: { PATH: `${fixture("agents")}:${process.env.PATH}`, FAKE_AGENT_RECORD: join(repo.home, "agent.json") } };
    const created = repo.json(["task", "create", "Write the parser"]);
    const before = created.events[0].at as string;
    const me = { env: { MAESTRO_SESSION: "alice" } };
    repo.ok(["task", "claim", created.task.id], me);
    repo.ok(["handoff", "Review the parser", "--agent", "codex", "--wait"], agents);

    // as of the task's creation: one ready task, nobody holds it, no launch yet
    expect(repo.json(["status", "--at", before]).tasks).toMatchObject({ active: 0, ready: 1 });
    expect(repo.json(["status"]).tasks).toMatchObject({ active: 1, ready: 0 });
    expect(repo.ok(["prime", "--at", before], me)).toMatch(/^# maestro prime for alice as of .*\n\nYou hold no task/);
    expect(repo.ok(["prime"], me)).toMatch(/## Task .* — Write the parser/);
    expect(repo.json(["handoff", "list", "--at", before])).toEqual([]);
    expect(repo.json(["handoff", "list"]).map((h: { task: string; status: string }) => [h.task, h.status])).toEqual([["Review the parser", "completed"]]);
    const past = repo.json(["mc", "--json", "--at", before]);
    expect([past.at, past.tasks.ready.map((t: { title: string }) => t.title), past.handoffs]).toEqual([before, ["Write the parser"], []]);
    expect(repo.ok(["mc", "--preview", "tasks", "--size", "120x30", "--at", before])).toMatch(/READY \(1\)/);
    // a time before anything was recorded is an empty workspace, not an error
    expect(repo.json(["status", "--at", "2000-01-01T00:00:00Z"])).toMatchObject({ missions: [], tasks: { active: 0, ready: 0 }, handoffs: { running: [], open: [] }, lastEvents: [] });
  });

  it("shows memory lint at a point of its stream, and principle stats at a time", () => {
    const repo = makeRepo();
    repo.ok(["memory", "correct", "Prefer token bucket over sliding window", "--keywords", "rate"]);
    repo.ok(["memory", "correct", "Prefer sliding window over token bucket", "--keywords", "rate"]);
    expect(repo.json(["memory", "lint"]).map((f: { kind: string }) => f.kind)).toEqual(["contradiction"]);
    expect(repo.json(["memory", "lint", "--at", "1"])).toEqual([]);
    expect(repo.json(["principle", "stats"]).length).toBe(4);
    expect(repo.json(["principle", "stats", "--at", "2000-01-01T00:00:00Z"])).toEqual([]);
  });
});
