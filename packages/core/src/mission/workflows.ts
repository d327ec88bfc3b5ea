// Workflow templates: the milestones of a common way of working, so a plan file lists only its
// features (`mission create --file plan.json --workflow plan-review-implement`). Milestone ids
// are the phases' names, which the plan's features name as their `milestoneId`.
import type { PlanMilestone } from "../plan.js";

const PHASES = {
  planning: { title: "Planning", kind: "work", profile: "planning" },
  "plan-review": { title: "Plan review", kind: "gate", profile: "plan-review" },
  implementation: { title: "Implementation", kind: "work", profile: "implementation" },
  "code-review": { title: "Code review", kind: "gate", profile: "code-review" },
} as const;
type Phase = keyof typeof PHASES;

const WORKFLOWS: Readonly<Record<string, readonly Phase[]>> = {
  "plan-implement": ["planning", "implementation"],
  "plan-review-implement": ["planning", "plan-review", "implementation"],
  "plan-implement-review": ["planning", "implementation", "code-review"],
  "plan-review-implement-review": ["planning", "plan-review", "implementation", "code-review"],
};
export const WORKFLOW_NAMES = Object.keys(WORKFLOWS);

/** The milestones of a built-in workflow, in order; undefined for a name that is none. */
export const workflowMilestones = (name: string): PlanMilestone[] | undefined =>
  Object.hasOwn(WORKFLOWS, name) ? WORKFLOWS[name]!.map((id, order) => ({ id, ...PHASES[id], description: "", order })) : undefined;

/** A user's template (config `workflows.<name>`: its milestones in order) as plan milestones. */
export const userWorkflowMilestones = (phases: readonly { id: string; title: string; kind?: "work" | "gate"; profile?: string }[]): PlanMilestone[] =>
  phases.map((p, order) => ({ id: p.id, title: p.title, description: "", order, kind: p.kind ?? "work", profile: p.profile ?? "custom" }));
