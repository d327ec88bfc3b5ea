// Merges resolve by each entity's rules, never silently: two clones of one remote act
// concurrently, sync through real git, and the merged state keeps every writer's intent or
// lists what it could not apply, until someone settles it.
import { describe, expect, it } from "vitest";
import { makeTeam, refused, type Repo } from "@maestro/testkit";


/** A few writes on other tasks, so this clone's next command sorts after the other's in fold order. */
const busy = (r: Repo, n: number) => {
  for (let i = 0; i < n; i++) r.ok(["task", "create", `${r.env["MAESTRO_ACTOR"]} busy ${i}`]);
};

const shared = (r: Repo) => r.json(["task", "show", "shared"]);

describe("a task two clones closed differently", () => {
  it("stays completed when the cancel folds after the completion, and the cancel is listed until settled", () => {
    const { alice, bob } = makeTeam();
    bob.ok(["task", "claim", "shared"]);
    bob.ok(["task", "update", "shared", "--status", "completed", "--reason", "done by bob"]);
    bob.ok(["sync"]);
    busy(alice, 3);
    alice.ok(["task", "cancel", "shared", "--reason", "duplicate"]);
    alice.ok(["sync"]);
    bob.ok(["sync"]);
    for (const r of [alice, bob]) expect(shared(r)).toMatchObject({ status: "completed", completion: { reason: "done by bob", by: "bob" } });
    const conflicts = alice.json(["log", "--conflicts"]);
    expect(conflicts.map((c: any) => [c.type, c.actor, c.reason])).toEqual([["TaskCancelled", "alice", "task " + shared(alice).id + " is completed after a merge; pending -> cancelled no longer applies"]]);
    expect(alice.json(["status"]).conflicts).toBe(1);
    // settled: no longer open, still in the audit trail
    expect(alice.ok(["log", "settle", conflicts[0].id, "--note", "it was done after all"])).toMatch(/^settled 1 merge conflict: /);
    expect(alice.json(["status"]).conflicts).toBe(0);
    expect(alice.json(["log", "--conflicts"])).toEqual([]);
    expect(alice.json(["log", "--conflicts", "--all"]).map((c: any) => c.settledBy)).toEqual(["alice"]);
    refused(alice, ["log", "settle", conflicts[0].id], "ConflictNotFound");
    refused(alice, ["log", "settle", "ev_nope/tsk_nope"], "ConflictNotFound");
  });

  it("stays cancelled when the completion folds after the cancel, and the claim and completion are listed", () => {
    const { alice, bob } = makeTeam();
    alice.ok(["task", "cancel", "shared", "--reason", "duplicate"]);
    alice.ok(["sync"]);
    busy(bob, 3);
    bob.ok(["task", "claim", "shared"]);
    bob.ok(["task", "update", "shared", "--status", "completed", "--reason", "done by bob"]);
    bob.ok(["sync"]);
    alice.ok(["sync"]);
    for (const r of [alice, bob]) expect(shared(r)).toMatchObject({ status: "cancelled", completion: { reason: "duplicate", by: "alice" } });
    expect(bob.json(["log", "--conflicts"]).map((c: any) => [c.type, c.actor])).toEqual([
      ["TaskClaimed", "bob"],
      ["TaskCompleted", "bob"],
    ]);
  });
});

describe("a task two clones claimed", () => {
  it("is held by the first claim in fold order, and the loser's later edit lands on nobody's task: it is listed", () => {
    const { alice, bob } = makeTeam();
    alice.ok(["task", "claim", "shared"]);
    alice.ok(["sync"]);
    busy(bob, 2);
    bob.ok(["task", "claim", "shared"]);
    bob.ok(["task", "update", "shared", "--current-state", "bob working"]);
    bob.ok(["sync"]);
    alice.ok(["sync"]);
    for (const r of [alice, bob]) expect(shared(r)).toMatchObject({ status: "in_progress", assignee: "alice", continuation: { currentState: null } });
    expect(bob.json(["log", "--conflicts"]).map((c: any) => [c.type, c.actor])).toEqual([
      ["TaskClaimed", "bob"],
      ["TaskUpdated", "bob"],
    ]);
    // bob is told, and his next edit is refused until he claims it again
    expect(bob.ok(["task", "show", "shared"])).toMatch(/merge conflict/);
    const before = bob.logs();
    const r = bob.run(["task", "update", "shared", "--current-state", "still me"]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/was taken from bob \(alice holds it\); claim it again/);
    expect(bob.logs()).toEqual(before);
  });
});

describe("the merged log", () => {
  it("keeps each command's events together and lists each stream in fold order, seq ascending", () => {
    const { alice, bob, mission } = makeTeam();
    // one command each, three events each: the mission, its milestone and the feature start together
    alice.ok(["feature", "update", "auth-plan", "-m", mission, "--status", "in-progress"]);
    bob.ok(["checkpoint", "save", "-m", mission, "--label", "bob's"]);
    bob.ok(["feature", "update", "auth-plan", "-m", mission, "--status", "in-progress"]);
    alice.ok(["sync"]);
    bob.ok(["sync"]);
    alice.ok(["sync"]);
    const log = alice.json(["log", "-m", mission]);
    expect(log.map((e: any) => e.seq)).toEqual(log.map((_: unknown, i: number) => i + 1));
    // each writer's transitions (after alice's approval) are one run of events, not interleaved with the other's
    const starts = log.filter((e: any) => e.type.endsWith("StatusChanged")).map((e: any) => e.actor);
    expect(starts.join(" ")).toMatch(/^alice (alice alice alice bob bob bob|bob bob bob alice alice alice)$/);
    expect(bob.json(["log", "-m", mission])).toEqual(log);
  });
});

describe("a principle two clones changed", () => {
  const rule = (r: Repo) => r.json(["principle", "show", "simplicity"]).rule;

  it("reads as the later update in fold order, and the rule it overwrote is listed", () => {
    const { alice, bob } = makeTeam();
    alice.ok(["principle", "update", "simplicity", "--rule", "Alice's rule."]);
    alice.ok(["sync"]);
    bob.ok(["principle", "update", "goal-driven", "--rule", "Bob first."]);
    bob.ok(["principle", "update", "simplicity", "--rule", "Bob's rule."]);
    bob.ok(["sync"]);
    alice.ok(["sync"]);
    for (const r of [alice, bob]) expect(rule(r)).toBe("Bob's rule.");
    const listed = alice.json(["log", "--conflicts"]);
    expect(listed.map((c: any) => [c.stream, c.kind, c.type, c.actor, c.subject])).toEqual([["principles", "overwritten", "PrincipleUpdated", "bob", "simplicity"]]);
    expect(listed[0].reason).toContain(`rule "Alice's rule."`);
    alice.ok(["log", "settle", "--all"]);
    expect(alice.json(["log", "--conflicts"])).toEqual([]);
    alice.ok(["sync"]);
    bob.ok(["sync"]);
    expect(bob.json(["status"]).conflicts).toBe(0);
  });

  it("stays removed when an update folds after the removal: the update is skipped and listed", () => {
    const { alice, bob } = makeTeam();
    alice.ok(["principle", "remove", "simplicity"]);
    alice.ok(["sync"]);
    bob.ok(["principle", "update", "goal-driven", "--rule", "Bob first."]);
    bob.ok(["principle", "update", "simplicity", "--rule", "Bob's rule."]);
    bob.ok(["sync"]);
    alice.ok(["sync"]);
    for (const r of [alice, bob]) expect(r.json(["principle", "list"]).map((p: any) => p.id)).not.toContain("simplicity");
    expect(bob.json(["log", "--conflicts"]).map((c: any) => [c.kind, c.type, c.reason])).toEqual([["skipped", "PrincipleUpdated", 'principle "simplicity" is removed after a merge; an update no longer applies']]);
  });
});
