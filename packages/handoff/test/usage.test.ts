// Each agent CLI's machine-readable stream, as the real CLIs wrote it against the loopback fake
// (`npm run accept:agents`, Claude Code 2.1.332, Codex 0.171.0, Gemini CLI 0.61.0; lines
// trimmed to the fields read): the text people see and the usage recorded.
import { describe, expect, it } from "vitest";
import { agentStreamReader } from "@maestro/handoff/usage";

const read = (agent: "claude" | "codex" | "gemini", lines: readonly object[]) => {
  const r = agentStreamReader(agent);
  const text = lines.map((l) => r.line(JSON.stringify(l))).filter((t) => t !== undefined);
  const rest = r.flush();
  return { text: rest ? [...text, rest] : text, usage: r.usage() };
};

describe("an agent's stream", () => {
  it("claude: text and commands as they stream, usage per message until the result says the run's total and cost", () => {
    const msg = (id: string, content: object[]) => ({ type: "assistant", message: { id, model: "claude-opus-5-5", content, usage: { input_tokens: 1200, output_tokens: 34, cache_creation_input_tokens: 0, cache_read_input_tokens: 500 } } });
    const r = agentStreamReader("claude");
    r.line(JSON.stringify({ type: "system", subtype: "init", model: "claude-opus-5-5" }));
    expect(r.line(JSON.stringify(msg("m1", [{ type: "tool_use", name: "Bash", input: { command: "echo hi > f.txt" } }])))).toBe("$ echo hi > f.txt");
    // (mid-run: what the messages so far used, no cost yet)
    expect(r.usage()).toMatchObject({ inputTokens: 1700, outputTokens: 34, cachedTokens: 500, costUsd: null });
    expect(r.line(JSON.stringify(msg("m2", [{ type: "text", text: "ok" }])))).toBe("ok");
    r.line(JSON.stringify({ type: "result", subtype: "success", is_error: false, total_cost_usd: 0.01116, usage: { input_tokens: 2400, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000, output_tokens: 68 }, modelUsage: { "claude-opus-5-5": { inputTokens: 2400, outputTokens: 68, cacheReadInputTokens: 1000, cacheCreationInputTokens: 0 } } }));
    expect(r.usage()).toEqual({ inputTokens: 3400, outputTokens: 68, cachedTokens: 1000, model: "claude-opus-5-5", costUsd: 0.01116, byModel: { "claude-opus-5-5": { inputTokens: 3400, outputTokens: 68, cachedTokens: 1000 } } });
  });

  it("codex: messages and commands with their output, usage summed over turns, no model or cost", () => {
    const { text, usage } = read("codex", [
      { type: "thread.started", thread_id: "01a24bce" },
      { type: "item.completed", item: { id: "item_1", type: "command_execution", command: "/bin/bash -c 'echo hi > f.txt'", aggregated_output: "", exit_code: 0, status: "completed" } },
      { type: "item.completed", item: { id: "item_2", type: "agent_message", text: "ok" } },
      { type: "turn.completed", usage: { input_tokens: 3000, cached_input_tokens: 800, output_tokens: 120, reasoning_output_tokens: 0 } },
      { type: "turn.completed", usage: { input_tokens: 10, cached_input_tokens: 0, output_tokens: 5 } },
    ]);
    expect(text).toEqual(["$ /bin/bash -c 'echo hi > f.txt'", "ok"]);
    expect(usage).toEqual({ inputTokens: 3010, outputTokens: 125, cachedTokens: 800, model: null, costUsd: null, byModel: {} });
  });

  it("gemini: deltas joined into one message, tokens per model, the main model the one that wrote most (the later on a tie)", () => {
    const { text, usage } = read("gemini", [
      { type: "init", session_id: "312193bd", model: "auto" },
      { type: "tool_use", tool_name: "run_shell_command", parameters: { command: "echo hi > f.txt" } },
      { type: "message", role: "assistant", content: "o", delta: true },
      { type: "message", role: "assistant", content: "k", delta: true },
      { type: "result", status: "success", stats: { input_tokens: 5400, output_tokens: 210, cached: 900, models: { "gemini-3.5-flash-lite": { input_tokens: 1800, output_tokens: 70, cached: 300 }, "gemini-3.8-flash": { input_tokens: 3600, output_tokens: 140, cached: 600 } } } },
    ]);
    expect(text).toEqual(["$ echo hi > f.txt", "ok"]);
    expect(usage).toMatchObject({ inputTokens: 5400, outputTokens: 210, cachedTokens: 900, model: "gemini-3.8-flash", costUsd: null });
    const tie = read("gemini", [{ type: "result", status: "success", stats: { input_tokens: 2, output_tokens: 2, cached: 0, models: { router: { input_tokens: 1, output_tokens: 1, cached: 0 }, main: { input_tokens: 1, output_tokens: 1, cached: 0 } } } }]);
    expect(tie.usage?.model).toBe("main");
  });

  it("passes a line that is not JSON through as text", () => {
    expect(read("codex", []).text).toEqual([]);
    expect(agentStreamReader("codex").line("plain words")).toBe("plain words");
  });
});
