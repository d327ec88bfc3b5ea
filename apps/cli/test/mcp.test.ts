import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, makeRepo } from "@maestro/testkit";
import { sessionContext } from "@maestro/engine/context";
import { INSTRUCTIONS, createServer } from "../src/mcp/server.js";

const text = (r: any) => r.content[0].text as string;

describe("the MCP server", () => {
  it("in process: lists at most 8 tools within 6,000 bytes, claims a task the CLI then sees, and answers a bad argument as an error", async () => {
    const repo = makeRepo();
    const id = repo.json(["task", "create", "Wire the login form", "-p", "P1"]).task.id;
    const server = createServer(() => sessionContext({ session: "mcp-agent", cwd: repo.dir, env: repo.env }), "test");
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "test", version: "1" });
    await Promise.all([server.connect(a), client.connect(b)]);
    expect(INSTRUCTIONS.length).toBeLessThanOrEqual(512);
    const list = await client.listTools();
    expect(list.tools.length).toBeLessThanOrEqual(8);
    expect(Buffer.byteLength(JSON.stringify(list))).toBeLessThanOrEqual(6000);
    expect(list.tools.find((t) => t.name === "task_ready")!.inputSchema).toMatchObject({ type: "object", properties: { claim: { type: "boolean" } } });

    const claim = await client.callTool({ name: "task_ready", arguments: { claim: true } });
    expect(JSON.parse(text(claim)).claimed).toMatchObject({ id, assignee: "mcp-agent" });
    expect(repo.json(["task", "show", id])).toMatchObject({ status: "in_progress", assignee: "mcp-agent" });

    const bad = await client.callTool({ name: "task_show", arguments: { id: 42 } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toMatch(/^InvalidValue: task_show: id must be text, got /);
    const unknown = await client.callTool({ name: "task_show", arguments: { id: "tsk_nope" } });
    expect([unknown.isError, text(unknown)]).toEqual([true, 'TaskNotFound: task "tsk_nope" not found']);
    const stranger = await client.callTool({ name: "task_update", arguments: { id, nextAction: "x", extra: 1 } });
    expect(text(stranger)).toMatch(/^InvalidValue: task_update: .*extra/);

    // still up: the continuation and completion go through the same rules as the CLI
    await client.callTool({ name: "task_update", arguments: { id, currentState: "form wired", nextAction: "add tests" } });
    const done = await client.callTool({ name: "task_complete", arguments: { id, reason: "wired and tested" } });
    expect(JSON.parse(text(done)).status).toBe("completed");
    const primeText = await client.readResource({ uri: "maestro://prime" });
    expect((primeText.contents[0] as any).text).toMatch(/^# maestro prime for mcp-agent/);
    await client.close();
  });

  it("over stdio: the bundled server spawned by the SDK's client", async () => {
    const repo = makeRepo();
    const id = repo.json(["task", "create", "Rotate keys"]).task.id;
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, "mcp"], cwd: repo.dir, env: { ...(repo.env as Record<string, string>), MAESTRO_SESSION: "stdio-agent" }, stderr: "pipe" });
    const client = new Client({ name: "test", version: "1" });
    await client.connect(transport);
    expect(client.getInstructions()).toBe(INSTRUCTIONS);
    const ready = await client.callTool({ name: "task_ready", arguments: {} });
    expect(JSON.parse(text(ready)).map((t: any) => t.id)).toEqual([id]);
    await client.callTool({ name: "task_ready", arguments: { claim: true } });
    expect(repo.json(["task", "show", id]).assignee).toBe("stdio-agent");
    const wrong = await client.callTool({ name: "no_such_tool", arguments: {} });
    expect(wrong.isError).toBe(true);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });
});

describe("install --mcp", () => {
  it("registers the server where each host reads it, beside the user's own, and uninstall takes back exactly that", async () => {
    const { existsSync, mkdirSync, readFileSync, writeFileSync } = await import("node:fs");
    const { join } = await import("node:path");
    const repo = makeRepo();
    mkdirSync(join(repo.dir, ".codex"));
    const toml = 'model = "gpt-5.4"\n\n[mcp_servers.other]\ncommand = "other"\n';
    writeFileSync(join(repo.dir, ".codex", "config.toml"), toml);
    const mcpJson = JSON.stringify({ mcpServers: { other: { command: "other" } } }, null, 2) + "\n";
    writeFileSync(join(repo.dir, ".mcp.json"), mcpJson);
    const r = repo.json(["install", "--mcp"]);
    expect(r.mcp.map((m: any) => m.action)).toEqual(["mcp server updated", "mcp server updated", "mcp server updated"]);
    const claude = JSON.parse(readFileSync(join(repo.dir, ".mcp.json"), "utf8")).mcpServers;
    expect(Object.keys(claude)).toEqual(["other", "maestro"]);
    // (a committed file: maestro by name, as every teammate's machine runs it)
    expect(claude.maestro).toEqual({ command: "maestro", args: ["mcp"] });
    expect(JSON.parse(readFileSync(join(repo.dir, ".gemini", "settings.json"), "utf8")).mcpServers.maestro.trust).toBe(true);
    expect(readFileSync(join(repo.dir, ".codex", "config.toml"), "utf8")).toMatch(/^model = "gpt-5\.4"\n\n\[mcp_servers\.other\]\ncommand = "other"\n\n# maestro:begin .*\n\[mcp_servers\.maestro\]\ncommand = "maestro"\nargs = \["mcp"\]\n# maestro:end\n$/);
    expect(repo.json(["install", "--mcp"]).mcp.map((m: any) => m.action)).toEqual(["mcp server unchanged", "mcp server unchanged", "mcp server unchanged"]);
    repo.ok(["uninstall"]);
    expect(readFileSync(join(repo.dir, ".codex", "config.toml"), "utf8")).toBe(toml);
    expect(readFileSync(join(repo.dir, ".mcp.json"), "utf8")).toBe(mcpJson);
    // (what install alone created goes, folder and all)
    expect(existsSync(join(repo.dir, ".gemini"))).toBe(false);
  });
});

describe("the MCP server and leases", () => {
  it("renews the leases of what its session holds as it is called (once a quarter-lease has passed)", async () => {
    const repo = makeRepo();
    const id = repo.json(["task", "create", "Long job"]).task.id;
    repo.ok(["task", "claim", id], { env: { MAESTRO_SESSION: "mcp-agent" } });
    // a lease of 0s: any time since the claim is past a quarter of it
    const server = createServer(() => sessionContext({ session: "mcp-agent", cwd: repo.dir, env: { ...repo.env, MAESTRO_LEASE_TTL: "0s" } }), "test");
    const [a, b] = InMemoryTransport.createLinkedPair();
    const client = new Client({ name: "test", version: "1" });
    await Promise.all([server.connect(a), client.connect(b)]);
    await client.callTool({ name: "task_show", arguments: { id } });
    await client.close();
    expect(repo.json(["log", "--tasks", "--type", "TaskHeartbeat"]).map((e: any) => [e.actor, e.data.taskIds])).toEqual([["mcp-agent", [id]]]);
  });
});

describe("the MCP server over stdio", () => {
  it("answers a line that is not JSON with JSON-RPC's parse error, and exits 0 when the client closes stdin", () => {
    const repo = makeRepo();
    const r = spawnSync(process.execPath, [BIN, "mcp"], { cwd: repo.dir, env: repo.env, input: "not json\n", encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toEqual({ jsonrpc: "2.0", id: null, error: { code: -32700, message: expect.stringMatching(/^Parse error: /) } });
  });
});
