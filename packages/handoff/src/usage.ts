// Reading an agent CLI's machine-readable output as it streams: the text people read (written
// to output.log) and what the run used. The shapes are each CLI's own, proven against the real
// CLIs by `npm run accept:agents`:
//   claude -p --output-format stream-json --verbose: `system/init` (model), `assistant`
//     messages (text, tool_use), and a final `result` with usage, modelUsage and total_cost_usd;
//   codex exec --json: `item.completed` (agent_message, command_execution) and one
//     `turn.completed` per turn with usage (input_tokens includes cached_input_tokens);
//   gemini --output-format stream-json: `init` (model), `message` (assistant deltas),
//     `tool_use`, and a final `result` whose stats count tokens per model.
// A line that is not JSON is the agent's text as it is. Pure: no IO, no clock.
import type { AgentName } from "@maestro/core/handoff/events";

export interface StreamUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cachedTokens: number;
  readonly model: string | null;
  /** what the CLI itself said the run cost, if it did */
  readonly costUsd: number | null;
  /** tokens per model, where the CLI counts them so (a cost is estimated per model) */
  readonly byModel: Readonly<Record<string, { readonly inputTokens: number; readonly outputTokens: number; readonly cachedTokens: number }>>;
}

export interface StreamReader {
  /** one line of the agent's stdout: the text to show for it (none for bookkeeping lines) */
  line(text: string): string | undefined;
  /** the text still held back (a streamed message's last delta) */
  flush(): string | undefined;
  /** what the run has used so far, or null while the CLI has said nothing of it */
  usage(): StreamUsage | null;
}

type J = Record<string, any>;
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
const parse = (text: string): J | undefined => {
  if (!text.startsWith("{")) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as J) : undefined;
  } catch {
    return undefined;
  }
};
const shell = (command: unknown) => (typeof command === "string" ? `$ ${command}` : undefined);

export const agentStreamReader = (agent: AgentName): StreamReader => {
  let usage: StreamUsage | null = null;
  let model: string | null = null;
  // (Claude Code reports each message's usage as it streams, and the run's total only at the end)
  const messages = new Map<string, { inputTokens: number; outputTokens: number; cachedTokens: number }>();
  let held = "";
  const flush = () => {
    const t = held;
    held = "";
    return t ? t : undefined;
  };
  const say = (...parts: (string | undefined)[]) => {
    const t = [flush(), ...parts].filter((x): x is string => x !== undefined && x !== "").join("\n");
    return t || undefined;
  };
  const read: Record<AgentName, (j: J) => string | undefined> = {
    claude: (j) => {
      if (j.type === "system" && j.subtype === "init") model = typeof j.model === "string" ? j.model : model;
      if (j.type === "assistant" && j.message?.usage && typeof j.message.id === "string") {
        const u = j.message.usage;
        messages.set(j.message.id, { inputTokens: num(u.input_tokens) + num(u.cache_read_input_tokens) + num(u.cache_creation_input_tokens), outputTokens: num(u.output_tokens), cachedTokens: num(u.cache_read_input_tokens) });
        const sum = (k: "inputTokens" | "outputTokens" | "cachedTokens") => [...messages.values()].reduce((n, m) => n + m[k], 0);
        usage = { inputTokens: sum("inputTokens"), outputTokens: sum("outputTokens"), cachedTokens: sum("cachedTokens"), model: typeof j.message.model === "string" ? j.message.model : model, costUsd: null, byModel: {} };
      }
      if (j.type === "assistant") return say(...((j.message?.content ?? []) as J[]).map((c) => (c.type === "text" ? c.text : c.type === "tool_use" ? (shell(c.input?.command) ?? `[${c.name}]`) : undefined)));
      if (j.type === "result") {
        const u = j.usage ?? {};
        const byModel = Object.fromEntries(Object.entries((j.modelUsage ?? {}) as J).map(([m, x]) => [m, { inputTokens: num(x.inputTokens) + num(x.cacheReadInputTokens) + num(x.cacheCreationInputTokens), outputTokens: num(x.outputTokens), cachedTokens: num(x.cacheReadInputTokens) }]));
        const models = Object.keys(byModel);
        usage = {
          inputTokens: num(u.input_tokens) + num(u.cache_read_input_tokens) + num(u.cache_creation_input_tokens),
          outputTokens: num(u.output_tokens),
          cachedTokens: num(u.cache_read_input_tokens),
          model: models.length === 1 ? models[0]! : model,
          costUsd: typeof j.total_cost_usd === "number" ? j.total_cost_usd : null,
          byModel,
        };
        return say(typeof j.result === "string" && j.is_error ? j.result : undefined);
      }
      return undefined;
    },
    codex: (j) => {
      if (j.type === "item.completed" && j.item?.type === "agent_message") return say(j.item.text);
      if (j.type === "item.completed" && j.item?.type === "command_execution") return say(shell(j.item.command), typeof j.item.aggregated_output === "string" ? j.item.aggregated_output.trimEnd() : undefined);
      if (j.type === "turn.completed" && j.usage) {
        const was = usage ?? { inputTokens: 0, outputTokens: 0, cachedTokens: 0, model: null, costUsd: null, byModel: {} };
        usage = { ...was, inputTokens: was.inputTokens + num(j.usage.input_tokens), outputTokens: was.outputTokens + num(j.usage.output_tokens), cachedTokens: was.cachedTokens + num(j.usage.cached_input_tokens) };
      }
      if (j.type === "turn.failed" || j.type === "error") return say(`error: ${j.error?.message ?? j.message ?? "the turn failed"}`);
      return undefined;
    },
    gemini: (j) => {
      if (j.type === "init") model = typeof j.model === "string" && j.model !== "auto" ? j.model : model;
      if (j.type === "message" && j.role === "assistant" && typeof j.content === "string") {
        if (j.delta) {
          held += j.content;
          return undefined;
        }
        return say(j.content);
      }
      if (j.type === "tool_use") return say(shell(j.parameters?.command) ?? `[${j.tool_name}]`);
      if (j.type === "result") {
        const st = j.stats ?? {};
        const byModel = Object.fromEntries(Object.entries((st.models ?? {}) as J).map(([m, x]) => [m, { inputTokens: num(x.input_tokens), outputTokens: num(x.output_tokens), cachedTokens: num(x.cached) }]));
        // (the model that wrote most; on a tie the later one: Gemini CLI routes each prompt with a small model first)
        const main = Object.entries(byModel).reduce<[string, { outputTokens: number }] | undefined>((best, m) => (!best || m[1].outputTokens >= best[1].outputTokens ? m : best), undefined)?.[0];
        usage = { inputTokens: num(st.input_tokens), outputTokens: num(st.output_tokens), cachedTokens: num(st.cached), model: main ?? model, costUsd: null, byModel };
        return say(j.status === "error" ? `error: ${j.error?.message ?? "the run failed"}` : undefined);
      }
      return undefined;
    },
  };
  return {
    line: (text) => {
      const j = parse(text.trim());
      return j ? read[agent](j) : say(text);
    },
    flush,
    usage: () => usage,
  };
};
