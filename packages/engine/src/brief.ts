// Gathers the facts of a brief from real state: git, the linked mission feature and task,
// earlier handoffs for the same work. packages/handoff lays them out.
import { scopeText } from "@maestro/core/scope";
import { own } from "@maestro/core/envelope";
import type { HandoffRecord } from "@maestro/core/handoff/events";
import { recall } from "@maestro/core/memory/memory";
import { assertionsOf } from "@maestro/core/mission/queries";
import { livePrinciples } from "@maestro/core/principles/principles";
import { findTask } from "@maestro/core/tasks/queries";
import type { BriefInput } from "@maestro/handoff/brief";
import { gitFacts } from "@maestro/handoff/git";
import type { Ctx } from "./context.js";
import { listReplies, loadMemory, loadPrinciples } from "./knowledge.js";
import { loadMission } from "./missions.js";
import { loadTasks } from "./tasks.js";

export interface BriefRefs {
  readonly missionId?: string;
  readonly featureId?: string;
  readonly taskRef?: string;
}

export const gatherBrief = async (ctx: Ctx, o: { title: string; task: string; targetDir: string; refs: BriefRefs; previous: readonly HandoffRecord[]; worktree?: { path: string; branch: string; base: string } | null }): Promise<BriefInput> => {
  const git = gitFacts(o.targetDir);
  const mission = o.refs.missionId ? (await loadMission(ctx, o.refs.missionId)).domain : undefined;
  const feature = mission && o.refs.featureId ? own(mission.features, o.refs.featureId) : undefined;
  const task = o.refs.taskRef ? findTask((await loadTasks(ctx)).state, o.refs.taskRef) : undefined;
  const assertions = mission && feature ? assertionsOf(mission, { feature: feature.id }) : [];

  const context: string[] = [];
  if (git) {
    context.push(`- Repository: \`${git.root}\``, `- Branch: \`${git.branch ?? "(detached)"}\`${git.head ? ` at \`${git.head}\` (${git.subject ?? ""})` : " (no commits yet)"}`);
  } else context.push(`- Directory: \`${o.targetDir}\` (not a git repository)`);
  if (mission) context.push(`- Mission \`${mission.mission.id}\`: ${mission.mission.title} [${mission.mission.status}]${mission.mission.description ? ` — ${mission.mission.description}` : ""}`);
  if (mission?.mission.proposal) context.push(`- Proposal: ${mission.mission.proposal}`);
  if (feature) {
    const ms = own(mission!.milestones, feature.milestoneId);
    context.push(`- Feature \`${feature.id}\`: ${feature.title} [${feature.status}], milestone \`${feature.milestoneId}\`${ms ? ` (${ms.title}, ${ms.profile}, ${ms.status})` : ""}, agent type ${feature.agentType}`);
    if (feature.description) context.push(`  ${feature.description}`);
    for (const p of feature.preconditions ?? []) context.push(`- Precondition: ${p}`);
    if (feature.dependsOn.length) context.push(`- Depends on: ${feature.dependsOn.map((d) => `\`${d}\` (${own(mission!.features, d)?.status ?? "?"})`).join(", ")}`);
  }
  if (task) context.push(`- Task \`${task.id}\` (${task.slug}): ${task.title} [${task.status}, ${task.priority} ${task.type}]${task.description ? ` — ${task.description}` : ""}`);

  const files: string[] = [];
  if (git?.changed.length) files.push("Changed in the working tree:", ...git.changed.slice(0, 30).map((f) => `- \`${f}\``));
  if (git?.recent.length) files.push("Touched by recent commits:", ...git.recent.map((f) => `- \`${f}\``));
  const named = feature ? [...new Set([feature.description, ...feature.verificationSteps].join(" ").match(/[\w./-]+\.[a-z]{1,5}\b/g) ?? [])] : [];
  if (named.length) files.push("Named by the feature:", ...named.map((f) => `- \`${f}\``));

  const state: string[] = [];
  if (task) {
    state.push(`- Task status: ${task.status}${task.assignee ? ` (held by ${task.assignee})` : ""}`);
    if (task.continuation.currentState) state.push(`- Where it stands: ${task.continuation.currentState}`);
    if (task.continuation.nextAction) state.push(`- Next action: ${task.continuation.nextAction}`);
  }
  if (feature) state.push(`- Feature status: ${feature.status}${feature.reason ? ` (${feature.reason})` : ""}`);
  for (const a of assertions) state.push(`- Assertion \`${a.id}\`: ${a.status}${a.evidence ? ` (evidence: ${a.evidence})` : ""}`);

  // every earlier reply for this feature and handoff for this work, newest first: why the last try was sent back
  const replies = feature && mission ? await listReplies(ctx, { missionId: mission.mission.id, featureId: feature.id }) : [];
  const tried = [...replies].reverse().map((r) => {
    const failed = r.verdicts.filter((v) => !v.passed).map((v) => `gate \`${v.principleId}\` failed: ${v.detail}`);
    const issues = r.report.discoveredIssues.map((i) => `${i.severity}: ${i.description}`);
    return [
      `- Reply \`${r.replyId}\` by ${r.actor} on ${r.at}: ${r.result}${r.result !== r.outcome ? ` (it asked ${r.outcome})` : ""}${r.reason ? `; why: ${r.reason}` : ""}`,
      `  Summary: ${r.report.salientSummary}`,
      ...failed.map((f) => `  ${f}`),
      ...(issues.length ? [`  Discovered issues: ${issues.join("; ")}`] : []),
    ].join("\n");
  });
  tried.push(...[...o.previous].reverse().map(
    (h) => `- Handoff \`${h.id}\` to ${h.agent}${h.model ? ` (${h.model})` : ""} on ${h.createdAt}: ${h.status}${h.exitCode !== null ? `, exit ${h.exitCode}` : ""}${h.timedOut ? ", timed out" : ""}${h.error ? `, ${h.error}` : ""} — "${h.task.slice(0, 120)}"; output: \`${h.outputPath}\``,
  ));

  const decisions = task ? task.continuation.decisions.map((d) => `- ${d}`) : [];

  // principles of the milestone's profile (implementation when no feature is linked)
  const profile = (feature && (mission && own(mission.milestones, feature.milestoneId))?.profile) ?? "implementation";
  const principles = livePrinciples((await loadPrinciples(ctx)), profile);
  // memory: corrections relevant to this task and these files, and the compiled guidance
  const memory = (await loadMemory(ctx));
  const recalled = recall(memory, { task: [o.task, feature?.title, feature?.description, task?.title].filter(Boolean).join(" "), files: [...(git?.changed ?? []), ...(git?.recent ?? []), ...named] });
  const guidance = memory.guidance.slice(0, 10);
  for (const g of guidance) decisions.push(`- Guidance: ${g.text}${g.count > 1 ? ` (learned ${g.count} times)` : ""}`);
  for (const r of recalled.filter((x) => x.correction.severity === "soft")) decisions.push(`- Correction \`${r.correction.id}\`: ${r.correction.rule}`);
  for (const p of principles.filter((x) => x.mode === "advisory")) decisions.push(`- Principle \`${p.id}\` (advisory): ${p.rule}`);
  const usedMemory = [...recalled.map((r) => r.correction.id), ...guidance.flatMap((g) => g.sourceIds)];
  if (usedMemory.length) decisions.push(`- Memory used: ${usedMemory.map((id) => `\`${id}\``).join(", ")}`);

  const criteria: string[] = [];
  if (feature?.expectedBehavior) criteria.push(`Expected behavior: ${feature.expectedBehavior}`);
  const doneWhen = feature?.doneWhen ?? task?.doneWhen ?? [];
  if (doneWhen.length) criteria.push("Done when:", ...doneWhen.map((d) => `- ${d}`));
  if (feature?.verificationSteps.length) criteria.push("Verification steps:", ...feature.verificationSteps.map((s, i) => `${i + 1}. ${s}`));
  if (assertions.length) criteria.push("Assertions to satisfy:", ...assertions.map((a) => `- \`${a.id}\` (now ${a.status})`));
  // (the reply format needs the report's Schema: loaded only for a brief that asks for a reply)
  if (feature && mission)
    criteria.push(...(await import("./reply-format.js")).replyInstructions({ featureId: feature.id, missionId: mission.mission.id, gates: principles.filter((p) => p.mode === "gate" && p.gate) }));

  const constraints: string[] = [];
  for (const r of recalled.filter((x) => x.correction.severity === "hard")) constraints.push(`- Hard correction \`${r.correction.id}\`: ${r.correction.rule}`);
  for (const p of principles.filter((x) => x.mode === "gate")) constraints.push(`- Principle \`${p.id}\` (gate on \`${p.gate!.field}\`, ${p.gate!.check}): ${p.rule}`);
  // (the reply or completion is judged against the files the run changed: straying is refused, naming the paths)
  const scope = feature?.scope ?? task?.scope;
  if (scope) constraints.push(...scopeText(scope).map((t) => `- Scope: ${t} (checked against what you change: a reply or completion that strays is refused)`));
  if (o.worktree) constraints.push(`- Work only in the worktree \`${o.worktree.path}\`, on branch \`${o.worktree.branch}\` (from \`${o.worktree.base}\`); do not switch branches.`);
  else if (git?.branch) constraints.push(`- Work in \`${o.targetDir}\` on branch \`${git.branch}\`; do not switch branches or rewrite history.`);
  if (task) constraints.push(`- Keep the continuation fresh: \`maestro task update ${task.id} --current-state "..." --next-action "..."\`; complete it with \`--status completed --reason "..."\`.`);

  return {
    title: o.title,
    Task: [o.task],
    Context: context,
    "Relevant Files": files,
    "Current State": state,
    "What Was Tried": tried,
    Decisions: decisions,
    "Acceptance Criteria": criteria,
    Constraints: constraints,
  };
};
