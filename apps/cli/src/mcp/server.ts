// `maestro mcp`: an opt-in MCP server over stdio, on the official SDK's low-level Server (our
// tools' schemas come from effect Schema, not zod). It runs the engine in-process, so an append
// costs no process start; an error is answered as an MCP error naming its condition, and never
// stops the server. Nothing here may write to stdout: it is the protocol.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { CallToolRequestSchema, ListResourcesRequestSchema, ListToolsRequestSchema, ReadResourceRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { fromSystemError, isMaestroError } from "@maestro/core/errors";
import type { Ctx } from "@maestro/engine/context";
import { prime } from "@maestro/engine/prime";
import { renewLeases } from "@maestro/engine/tasks";
import { callTool, toolList } from "./tools.js";

export const INSTRUCTIONS =
  "maestro is this project's shared task and mission state. Start with prime (your task, its continuation, your handoff). Hold nothing? task_ready with claim: true. Keep task_update current so another agent can resume; finish with task_complete and a reason. A mission feature ends with reply_write and a report; failed gates send it back with the reason. The maestro CLI does everything else.";

const PRIME_URI = "maestro://prime";

export const createServer = (ctx: () => Ctx, version: string): Server => {
  const server = new Server({ name: "maestro", version }, { capabilities: { tools: {}, resources: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: toolList() }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const c = ctx();
    try {
      const result = await callTool(c, req.params.name, req.params.arguments);
      // an agent calling maestro is at work: its claims' leases are renewed (at most once a quarter-lease)
      await renewLeases(c).catch(() => undefined);
      return { content: [{ type: "text", text: JSON.stringify(result) }] };
    } catch (e) {
      const known = isMaestroError(e) ? e : fromSystemError(e);
      const text = known ? `${known.condition}: ${known.message}` : `bug in maestro: ${e instanceof Error ? e.message : String(e)}`;
      return { content: [{ type: "text", text }], isError: true };
    }
  });
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({
    resources: [{ uri: PRIME_URI, name: "prime", description: "your current maestro context (what `maestro prime` prints)", mimeType: "text/markdown" }],
  }));
  server.setRequestHandler(ReadResourceRequestSchema, async (req) => {
    if (req.params.uri !== PRIME_URI) throw new Error(`no resource ${req.params.uri}`);
    return { contents: [{ uri: PRIME_URI, mimeType: "text/markdown", text: await prime(ctx()) }] };
  });
  return server;
};

export const serve = async (ctx: () => Ctx, version: string, given?: Transport): Promise<void> => {
  const server = createServer(ctx, version);
  const { StdioServerTransport } = await import("@modelcontextprotocol/sdk/server/stdio.js");
  const transport = given ?? new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (server.onclose = resolve));
  await server.connect(transport);
  // a line that is not a JSON-RPC message is answered with JSON-RPC's parse error, not dropped
  const onerror = transport.onerror;
  transport.onerror = (e) => {
    if (e instanceof SyntaxError || e.name === "ZodError") void transport.send({ jsonrpc: "2.0", id: null as unknown as string, error: { code: -32700, message: `Parse error: ${e.message.split("\n")[0]}` } });
    onerror?.(e);
  };
  // (stdio: the host ends the session by closing stdin, which is how every session ends)
  if (!given) process.stdin.once("end", () => void server.close());
  await closed;
};
