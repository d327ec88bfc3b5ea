import { Either } from "effect";
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parsePlan } from "@maestro/core";
import { fixture } from "@maestro/testkit";

const expected: Record<string, RegExp> = {
  "bad-cyclic-dependency.json": /dependsOn cycle auth-plan -> auth-impl -> auth-plan/,
  "bad-duplicate-assertion.json": /features\[1\]\.fulfills: assertion "auth-login-works" is already fulfilled/,
  "bad-duplicate-feature.json": /features: duplicate id "auth-plan"/,
  "bad-duplicate-milestone.json": /milestones: duplicate id "plan"/,
  "bad-empty-file.json": /not valid JSON/,
  "bad-empty-title.json": /^plan: title: must not be empty$/,
  "bad-no-milestones.json": /milestones: a plan needs at least one milestone/,
  "bad-not-json.json": /not valid JSON/,
  "bad-path-trick-id.json": /features\[0\]\.id: invalid id "\.\.\/x"/,
  "bad-self-dependency.json": /features\[0\]\.dependsOn: "auth-plan" depends on itself/,
  "bad-unknown-dependency.json": /features\[1\]\.dependsOn: unknown feature "ghost"/,
  "bad-unknown-field.json": /features\[0\]\.dependOn is not a field here \(fields: /,
  "bad-unknown-milestone.json": /features\[0\]\.milestoneId: unknown milestone "nope"/,
  "bad-wrong-type.json": /milestones\[0\]\.order must be a number, got "first"/,
};

describe("plan files", () => {
  it("decodes the overview's example plan with defaults filled in", () => {
    const plan = Either.getOrThrow(parsePlan(readFileSync(fixture("plans", "overview.json"), "utf8")));
    expect(plan.milestones.map((m) => m.id)).toEqual(["plan", "implement"]);
    expect(plan.features[0]!.fulfills).toEqual([]);
    expect(plan.features[1]!.fulfills).toEqual(["auth-login-works"]);
  });

  it("has an expectation for every broken plan fixture", () => {
    const bad = readdirSync(fixture("plans")).filter((f) => f.startsWith("bad-")).sort();
    expect(bad).toEqual(Object.keys(expected).sort());
  });

  for (const [file, message] of Object.entries(expected))
    it(`refuses ${file}, naming the field`, () => {
      const r = parsePlan(readFileSync(fixture("plans", file), "utf8"), "plan");
      expect(Either.isLeft(r)).toBe(true);
      if (Either.isLeft(r)) {
        expect(r.left._tag).toBe("InvalidInput");
        expect(r.left.message).toMatch(message);
        expect(r.left.message).not.toContain("\n");
      }
    });
});
