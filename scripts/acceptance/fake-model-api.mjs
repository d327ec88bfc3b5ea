// A bounded loopback fake of the three model APIs the agent CLIs call (Anthropic Messages,
// OpenAI Responses, Gemini generateContent), for the real-CLI acceptance run. It records every
// request body and answers each with a short streamed "ok", so a CLI finishes its turn offline;
// given shell commands, it first asks for them one tool call at a time (with the CLI's own shell
// tool: Bash, exec_command, run_shell_command), counting the tool results the CLI sent back.
// Bounded: at most MAX_REQUESTS answers, bodies up to MAX_BODY bytes, and it closes on demand.
import { createServer } from "node:http";

const MAX_REQUESTS = 200;
/** What every answer reports it used, per API: known counts the acceptance run finds again in each CLI's own machine-readable output. */
export const USAGE = {
  anthropic: { input_tokens: 1200, output_tokens: 34, cache_creation_input_tokens: 0, cache_read_input_tokens: 500 },
  openai: { input_tokens: 1500, input_tokens_details: { cached_tokens: 400 }, output_tokens: 60, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 1560 },
  gemini: { promptTokenCount: 1800, candidatesTokenCount: 70, cachedContentTokenCount: 300, totalTokenCount: 1870 },
};
const MAX_BODY = 8 * 1024 * 1024;
const REPLY = "ok";

const sse = (res, events) => {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  for (const [name, data] of events) res.write(`${name ? `event: ${name}\n` : ""}data: ${JSON.stringify(data)}\n\n`);
  res.end();
};

/** The next scripted command for a conversation that has sent back `done` tool results, if any is left. */
const nextCommand = (commands, done) => (done < commands.length ? commands[done] : undefined);

let messages = 0;
const anthropic = (res, body, commands) => {
  const model = body.model ?? "claude-fake";
  const usage = { ...USAGE.anthropic };
  const message = { id: `msg_fake_${++messages}`, type: "message", role: "assistant", model, content: [], stop_reason: null, stop_sequence: null, usage };
  if (!body.stream) return json(res, { ...message, content: [{ type: "text", text: REPLY }], stop_reason: "end_turn" });
  const done = (body.messages ?? []).flatMap((m) => (Array.isArray(m.content) ? m.content : [])).filter((c) => c.type === "tool_result").length;
  const command = (body.tools ?? []).some((t) => t.name === "Bash") ? nextCommand(commands, done) : undefined;
  if (command)
    return sse(res, [
      ["message_start", { type: "message_start", message }],
      ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "tool_use", id: `toolu_${done}`, name: "Bash", input: {} } }],
      ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: JSON.stringify({ command, description: "run" }) } }],
      ["content_block_stop", { type: "content_block_stop", index: 0 }],
      ["message_delta", { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: USAGE.anthropic.output_tokens } }],
      ["message_stop", { type: "message_stop" }],
    ]);
  sse(res, [
    ["message_start", { type: "message_start", message }],
    ["content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } }],
    ["content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: REPLY } }],
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    ["message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: USAGE.anthropic.output_tokens } }],
    ["message_stop", { type: "message_stop" }],
  ]);
};

const openai = (res, body, commands) => {
  const response = { id: "resp_fake", object: "response", created_at: 0, status: "in_progress", model: body.model ?? "fake", output: [] };
  const usage = USAGE.openai;
  const done = (body.input ?? []).filter((i) => i.type === "function_call_output").length;
  const command = (body.tools ?? []).some((t) => t.name === "exec_command") ? nextCommand(commands, done) : undefined;
  if (command) {
    const call = { id: `fc_${done}`, type: "function_call", status: "completed", call_id: `call_${done}`, name: "exec_command", arguments: JSON.stringify({ cmd: command, login: false }) };
    return sse(res, [
      ["response.created", { type: "response.created", response }],
      ["response.output_item.added", { type: "response.output_item.added", output_index: 0, item: { ...call, status: "in_progress", arguments: "" } }],
      ["response.output_item.done", { type: "response.output_item.done", output_index: 0, item: call }],
      ["response.completed", { type: "response.completed", response: { ...response, status: "completed", output: [call], usage } }],
    ]);
  }
  const item = { id: "msg_fake", type: "message", role: "assistant", status: "completed", content: [{ type: "output_text", text: REPLY, annotations: [] }] };
  sse(res, [
    ["response.created", { type: "response.created", response }],
    ["response.output_item.added", { type: "response.output_item.added", output_index: 0, item: { ...item, status: "in_progress", content: [] } }],
    ["response.output_text.delta", { type: "response.output_text.delta", item_id: item.id, output_index: 0, content_index: 0, delta: REPLY }],
    ["response.output_item.done", { type: "response.output_item.done", output_index: 0, item }],
    ["response.completed", { type: "response.completed", response: { ...response, status: "completed", output: [item], usage } }],
  ]);
};

const geminiChunk = (text) => ({ candidates: [{ content: { role: "model", parts: [{ text }] }, finishReason: "STOP", index: 0 }], usageMetadata: USAGE.gemini });
// Gemini CLI routes each prompt with a classifier call that wants JSON (its schema asks for a
// complexity score; 0.61.0): answer it in that shape, or it retries five times before going on
const ROUTE = JSON.stringify({ complexity_reasoning: "a fake model's answer", complexity_score: 10, reasoning: "a fake model's answer", model_choice: "flash" });
const gemini = (res, url, body, commands) => {
  if (!url.includes(":streamGenerateContent")) return json(res, geminiChunk(body.generationConfig?.responseMimeType === "application/json" ? ROUTE : REPLY));
  const done = (body.contents ?? []).flatMap((c) => c.parts ?? []).filter((p) => p.functionResponse).length;
  const shell = (body.tools ?? []).some((t) => (t.functionDeclarations ?? []).some((f) => f.name === "run_shell_command"));
  const command = shell ? nextCommand(commands, done) : undefined;
  if (!command) return sse(res, [[undefined, geminiChunk(REPLY)]]);
  const call = { candidates: [{ content: { role: "model", parts: [{ functionCall: { name: "run_shell_command", args: { command, description: "run" } } }] }, finishReason: "STOP", index: 0 }], usageMetadata: USAGE.gemini };
  return sse(res, [[undefined, call]]);
};

const json = (res, value, status = 200) => {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(value));
};

/** Starts the fake on a free loopback port; `requests` holds {path, body} of each call; `commands` are asked for first, in order. */
export const startFakeModelApi = async ({ commands = [] } = {}) => {
  const requests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const url = req.url ?? "";
      if (requests.length >= MAX_REQUESTS) return json(res, { error: "fake model API: request budget spent" }, 429);
      requests.push({ method: req.method, path: url, body: text });
      let body = {};
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        // recorded as it came
      }
      if (req.method === "POST" && /\/v1\/messages(\?|$)/.test(url)) return anthropic(res, body, commands);
      if (req.method === "POST" && /\/responses(\?|$)/.test(url)) return openai(res, body, commands);
      if (req.method === "POST" && /:(stream)?[gG]enerateContent/.test(url)) return gemini(res, url, body, commands);
      if (url.includes(":countTokens")) return json(res, { totalTokens: 10 });
      return json(res, { error: `fake model API: nothing at ${req.method} ${url}` }, 404);
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((ok) => server.close(ok)) };
};
