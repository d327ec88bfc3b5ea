// The MCP tools: a few use cases of the daily loop, each with its input declared once as an
// effect Schema (which makes the JSON Schema the host sees and decodes what it sends) and run
// through the same engine use cases as the CLI. Kept few and terse: every tool's schema is in
// every request the agent makes (peers' lists cost 10k-21k tokens; this one stays under 1.5k).
import { own } from "@maestro/core/envelope";
import * as Either from "effect/Either";
import * as JSONSchema from "effect/JSONSchema";
import * as Schema from "effect/Schema";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import { REPLY_OUTCOMES } from "@maestro/core/mission/statuses";
import { formatParseError } from "@maestro/core/schema-codec";
import { findTask } from "@maestro/core/tasks/queries";
import { PRIORITIES, TASK_TYPES } from "@maestro/core/tasks/values";
import type { Ctx } from "@maestro/engine/context";
import { prime } from "@maestro/engine/prime";
import { runTaskCommand } from "@maestro/engine/tasks";
import { loadTasks, readyTasksOf } from "@maestro/engine/tasks";

const Id = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(200));
const Line = Schema.String.pipe(Schema.maxLength(200));
const Text = Schema.String.pipe(Schema.maxLength(10_240));

interface Tool<A> {
  readonly name: string;
  readonly description: string;
  readonly input: Schema.Schema<A, any, never>;
  readonly run: (ctx: Ctx, a: A) => Promise<unknown>;
}
const tool = <A>(t: Tool<A>): Tool<unknown> => t as unknown as Tool<unknown>;

/** a task as the agent needs it: no history, no handoff ids */
const brief = (t: { id: string; slug: string; title: string; status: string; priority: string; type: string; assignee: string | null; description: string; continuation: unknown; blockedBy: readonly string[] }) => ({
  id: t.id,
  slug: t.slug,
  title: t.title,
  status: t.status,
  priority: t.priority,
  type: t.type,
  assignee: t.assignee,
  description: t.description,
  continuation: t.continuation,
  blockedBy: t.blockedBy,
});

const claimed = async (ctx: Ctx, id: string) => {
  const t = findTask((await loadTasks(ctx)).state, id);
  if (!t) throw new NotFound({ condition: "TaskNotFound", message: `task "${id}" not found` });
  return brief(t);
};

export const TOOLS: readonly Tool<unknown>[] = [
  tool({
    name: "task_ready",
    description: "Ready tasks, P0 first; claim: true claims the top one for this session.",
    input: Schema.Struct({
      claim: Schema.optional(Schema.Boolean),
      label: Schema.optional(Line),
      priority: Schema.optional(Schema.Literal(...PRIORITIES)),
      type: Schema.optional(Schema.Literal(...TASK_TYPES)),
      limit: Schema.optional(Schema.Int.pipe(Schema.between(1, 50))),
    }),
    run: async (ctx, a) => {
      const filter = { ...(a.label !== undefined ? { label: a.label } : {}), ...(a.priority ? { priority: a.priority } : {}), ...(a.type ? { type: a.type } : {}) };
      if (a.claim) {
        const r = await runTaskCommand(ctx, { type: "ClaimReady", session: ctx.actor, now: ctx.now(), filter });
        const id = (r.events[0]?.data as { taskId?: string } | undefined)?.taskId;
        return id ? { claimed: brief(findTask(r.state, id)!) } : { claimed: null, reason: "nothing ready" };
      }
      return (await readyTasksOf(ctx, { filter, limit: a.limit ?? 10 })).map(brief);
    },
  }),
  tool({
    name: "task_show",
    description: "One task: status, owner, blockers, continuation.",
    input: Schema.Struct({ id: Id }),
    run: (ctx, a) => claimed(ctx, a.id),
  }),
  tool({
    name: "task_update",
    description: "Record where a task you hold stands, for whoever resumes it.",
    input: Schema.Struct({ id: Id, currentState: Schema.optional(Text), nextAction: Schema.optional(Text), addDecision: Schema.optional(Text) }),
    run: async (ctx, a) => {
      const changes = { ...(a.currentState !== undefined ? { currentState: a.currentState } : {}), ...(a.nextAction !== undefined ? { nextAction: a.nextAction } : {}), ...(a.addDecision ? { addDecisions: [a.addDecision] } : {}) };
      await runTaskCommand(ctx, { type: "UpdateTask", ref: a.id, session: ctx.actor, now: ctx.now(), changes });
      return claimed(ctx, a.id);
    },
  }),
  tool({
    name: "task_complete",
    description: "Complete a task you hold, saying what was done.",
    input: Schema.Struct({ id: Id, reason: Text, receipt: Schema.optional(Line) }),
    run: async (ctx, a) => {
      await runTaskCommand(ctx, { type: "UpdateTask", ref: a.id, session: ctx.actor, now: ctx.now(), changes: {}, status: "completed", reason: a.reason, ...(a.receipt ? { receipt: a.receipt } : {}) });
      return claimed(ctx, a.id);
    },
  }),
  tool({
    name: "prime",
    description: "Your context now: held task and continuation, handoff, feature.",
    input: Schema.Struct({}),
    run: async (ctx) => ({ text: await prime(ctx) }),
  }),
  tool({
    name: "reply_write",
    description: "Reply for a mission feature; report is the JSON `maestro reply schema` prints. Gates judge it.",
    input: Schema.Struct({ mission: Id, feature: Id, outcome: Schema.Literal(...REPLY_OUTCOMES), report: Schema.optional(Schema.Unknown), notes: Schema.optional(Text) }),
    run: async (ctx, a) => {
      const { writeReply } = await import("@maestro/engine/knowledge");
      const r = await writeReply(ctx, {
        missionId: a.mission,
        featureId: a.feature,
        outcome: a.outcome,
        ...(a.report !== undefined ? { reportText: JSON.stringify(a.report) } : {}),
        ...(a.notes !== undefined ? { notes: a.notes } : {}),
        source: "report",
      });
      const reply = r.events.find((e) => e.type === "ReplyRecorded")?.data as { result?: string; reason?: string | null } | undefined;
      return { result: reply?.result, reason: reply?.reason ?? null, feature: own(r.domain.features, a.feature)?.status };
    },
  }),
];

/** What tools/list sends: name, description and the JSON Schema of the input, without the $schema line. */
export const toolList = () =>
  TOOLS.map((t) => {
    const { $schema: _, ...inputSchema } = JSONSchema.make(t.input) as unknown as Record<string, unknown>;
    return { name: t.name, description: t.description, inputSchema: { type: "object", ...inputSchema } };
  });

/** Decodes the arguments with the tool's Schema, then runs it. */
export const callTool = async (ctx: Ctx, name: string, args: unknown): Promise<unknown> => {
  const t = TOOLS.find((x) => x.name === name);
  if (!t) throw new NotFound({ condition: "ToolNotFound", message: `no tool "${name}" (tools: ${TOOLS.map((x) => x.name).join(", ")})` });
  const input = Schema.decodeUnknownEither(t.input, { onExcessProperty: "error" })(args ?? {});
  if (Either.isLeft(input)) throw new InvalidInput({ condition: "InvalidValue", message: `${name}: ${formatParseError(input.left)}` });
  return t.run(ctx, input.right);
};
