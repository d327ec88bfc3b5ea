import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, fixture, makeRepo, ROOT, segmentFiles, type Repo } from "@maestro/testkit";

const WRITER = join(ROOT, "dist", "fault-writer.js");

const writer = (repo: Repo, id: string, count: number) =>
  spawn(process.execPath, [WRITER, id, String(count)], { cwd: repo.dir, env: repo.env, stdio: ["ignore", "ignore", "pipe"] });

const exited = (child: ReturnType<typeof writer>) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });

describe("concurrent writers", () => {
  it("8 processes appending 200 events each to one stream: seq 1..1601, chain valid, nothing lost or duplicated", async () => {
    const repo = makeRepo();
    const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    const children = Array.from({ length: 8 }, () => writer(repo, id, 200));
    const results = await Promise.all(children.map(exited));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });

    const events = repo.json(["log", "-m", id]);
    expect(events.map((e: any) => e.seq)).toEqual(Array.from({ length: 1601 }, (_, i) => i + 1));
    const labels = events.slice(1).map((e: any) => e.data.label as string);
    expect(new Set(labels).size).toBe(1600);
    for (const child of children) {
      const mine = labels.filter((l: string) => l.startsWith(`${child.pid}:`)).map((l: string) => Number(l.split(":")[1]));
      expect(mine).toEqual(Array.from({ length: 200 }, (_, i) => i));
    }
    expect(repo.ok(["log", "verify", "-m", id])).toMatch(/^ok\s+mission msn_\w+: 1601 events/);
  }, 180_000);

  it("writers killed at random moments leave a log that reads, verifies and takes the next append", async () => {
    const repo = makeRepo();
    const id = repo.json(["mission", "create", "--file", fixture("plans", "overview.json")]).mission.id;
    const children = Array.from({ length: 4 }, () => writer(repo, id, 100_000));
    const done = children.map(exited);
    // kill them mid-stream: only once they have written (a loaded machine starts them slowly)
    const lines = () => segmentFiles(join(repo.dir, ".maestro", "missions", id)).reduce((n, f) => n + readFileSync(f, "utf8").split("\n").length - 1, 0);
    const end = Date.now() + 60_000;
    // each kill once the log grew by a seeded number of lines since the last: moments that vary
    // between kills, mid-stream, the same in every run
    let seed = 7;
    const nextGap = () => 5 + ((seed = (seed * 48271) % 2147483647) % 20);
    const grownBy = async (n: number) => {
      const target = lines() + n;
      // (polled: a condition on the log, whatever the machine's speed)
      while (lines() < target && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    };
    try {
      await grownBy(40);
      for (const [i, c] of children.entries()) {
        c.kill("SIGKILL");
        if (i < children.length - 1) await grownBy(nextGap());
      }
    } finally {
      // never leave a writer running past the test, whatever failed
      for (const c of children) c.kill("SIGKILL");
    }
    for (const r of await Promise.all(done)) expect(r.signal).toBe("SIGKILL");

    const before = repo.json(["log", "-m", id]).length;
    expect(before).toBeGreaterThan(1);
    const verify = repo.run(["log", "verify"]);
    expect(verify.code).toBe(0);
    repo.ok(["checkpoint", "save", "-m", id, "--label", "after-kills"]);
    const after = repo.json(["log", "-m", id]);
    expect(after.map((e: any) => e.seq)).toEqual(Array.from({ length: before + 1 }, (_, i) => i + 1));
    expect(after.at(-1).data.label).toBe("after-kills");
    expect(repo.ok(["log", "verify", "-m", id])).toMatch(new RegExp(`^ok\\s+mission msn_\\w+: ${before + 1} events in \\d+ segment\\(s\\)\\n$`));
  }, 120_000);
});

describe("a writer waiting on a held lock", () => {
  it("says what it waits for, then goes on when the lock is released", async () => {
    const repo = makeRepo();
    repo.ok(["task", "create", "First"]);
    const lock = join(repo.dir, ".maestro", ".local", "locks", "tasks.lock");
    // held by a live process (this one): waited for, never broken
    mkdirSync(dirname(lock), { recursive: true });
    writeFileSync(lock, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString(), token: "test" }));
    const child = spawn(process.execPath, [BIN, "task", "create", "Second"], { cwd: repo.dir, env: repo.env });
    let stderr = "";
    // released once the writer has said it waits: driven by its output, not by a clock
    await new Promise<void>((resolve) =>
      child.stderr.on("data", (d) => {
        stderr += d;
        if (stderr.includes("waiting for tasks")) resolve();
      }),
    );
    rmSync(lock);
    const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? -1)));
    expect(code).toBe(0);
    expect(stderr).toMatch(new RegExp(`^warning: waiting for tasks: another maestro command holds its lock \\(held by pid ${process.pid} since .*, which is running`));
    expect(repo.json(["task", "list"]).map((t: any) => t.title)).toEqual(["First", "Second"]);
  });
});
