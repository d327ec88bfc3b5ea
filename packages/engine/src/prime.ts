// `maestro prime`: what the calling agent needs to know at the start of a session, read from
// the tasks it holds, its handoff and their feature.
import { own } from "@maestro/core/envelope";
import { assertionsOf } from "@maestro/core/mission/queries";
import { inFlight, lostClaims, openBlockers } from "@maestro/core/tasks/queries";
import { timeOnly } from "./at.js";
import type { Ctx } from "./context.js";
import { loadHandoff } from "./handoffs.js";
import { loadMission } from "./missions.js";
import { loadTasks } from "./tasks.js";

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The calling agent's context, kept under ~2,000 tokens (about 8,000 characters). */
export const prime = async (ctx: Ctx, o: { readonly at?: string } = {}): Promise<string> => {
  // (tasks, a launch and a mission: only a time is one moment in all of them)
  const at = o.at === undefined ? undefined : timeOnly(o.at, "tasks, handoffs and missions");
  const lines: string[] = [`# maestro prime for ${ctx.actor}${at ? ` as of ${at}` : ""}`];
  const tasks = (await loadTasks(ctx, at ? { at } : {})).state;
  const mine = inFlight(tasks, ctx.actor);
  let feature: { missionId: string; featureId: string } | null = null;
  for (const c of lostClaims(tasks, ctx.actor).slice(-3))
    lines.push("", `## Lost after a merge: task ${c.subject}`, `Your claim was superseded (${clip(c.reason, 200)}). Stop working on it; take another: \`maestro task ready --claim\`.`);
  if (!mine.length) lines.push("", "You hold no task. Next: `maestro task ready --claim`.");
  for (const t of mine.slice(0, 3)) {
    lines.push("", `## Task ${t.id} (${t.slug}) — ${clip(t.title, 120)}`, `${t.priority} ${t.type}, claimed ${t.claimedAt}`);
    if (t.description) lines.push(clip(t.description, 600));
    if (t.continuation.currentState) lines.push(`- Current state: ${clip(t.continuation.currentState, 400)}`);
    if (t.continuation.nextAction) lines.push(`- Next action: ${clip(t.continuation.nextAction, 400)}`);
    for (const d of t.continuation.decisions.slice(-8)) lines.push(`- Decision: ${clip(d, 200)}`);
    const open = openBlockers(tasks, t);
    if (open.length) lines.push(`- Waiting on: ${open.map((b) => b!.id).join(", ")}`);
    feature ??= t.feature;
  }
  const hofId = ctx.env["MAESTRO_HANDOFF_ID"];
  if (hofId) {
    try {
      const h = (await loadHandoff(ctx, hofId, at));
      lines.push("", `## Handoff ${h.id} (${h.agent}${h.model ? `/${h.model}` : ""})`, `Task: ${clip(h.task, 600)}`, `Full brief: ${h.promptPath}`);
      if (h.refs.missionId && h.refs.featureId) feature ??= { missionId: h.refs.missionId, featureId: h.refs.featureId };
    } catch {
      lines.push("", `## Handoff ${hofId}: not found in this MAESTRO_HOME`);
    }
  }
  if (feature) {
    try {
      const { domain } = (await loadMission(ctx, feature.missionId, at ? { at } : {}));
      const f = own(domain.features, feature.featureId);
      if (f) {
        lines.push("", `## Feature ${f.id} of mission ${domain.mission.id} [${f.status}] — ${clip(f.title, 120)}`);
        for (const s of f.verificationSteps.slice(0, 8)) lines.push(`- Verify: ${clip(s, 200)}`);
        for (const a of assertionsOf(domain, { feature: f.id })) lines.push(`- Assertion ${a.id}: ${a.status}`);
      }
    } catch {
      // a missing mission is not the agent's problem here
    }
  }
  return clip(lines.join("\n"), 8000) + "\n";
};
