import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { SEVERITIES } from "@maestro/core/memory/values";
import { corrections, learnings, lintMemory, memoryStats, recall, searchMemory } from "@maestro/core/memory/memory";
import { loadMemory } from "@maestro/engine/knowledge";
import { atOf, csv, ctxOf, oneOf, withAt } from "../args.js";
import { dim, print, printJson, table } from "../output.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/knowledge-commands");


export const register = (y: Argv) =>
  y.command("memory", "corrections and learnings that feed back into every brief", (m) => {
    m.example("maestro memory correct \"Never log tokens\" --keywords auth --severity hard", "");
    m.example("maestro memory recall --task \"fix the login bug\"", "");
    m.command(
      defineCommand({
        command: "correct <text>",
        describe: "record a correction: a rule for future agents",
        builder: (b) =>
          b
            .positional("text", { type: "string", demandOption: true })
            .option("keywords", { type: "string", describe: "comma-separated" })
            .option("files", { type: "string", describe: "comma-separated globs, e.g. 'src/**/*.ts'" })
            .option("severity", { type: "string", default: "soft", describe: "soft | hard (hard ones go into every brief)" }),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const id = ctx.newId("memory");
          const r = await (await commands()).runMemoryCommand(ctx, { type: "Correct", id, rule: a.text!, keywords: csv(a.keywords), files: csv(a.files), severity: oneOf("severity", a.severity, SEVERITIES) });
          if (a.json) printJson({ events: r.events });
          else print(`recorded correction ${id}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "learn <text>",
        describe: "record a learning",
        builder: (b) => b.positional("text", { type: "string", demandOption: true }).option("branch", { type: "string" }),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const id = ctx.newId("memory");
          const r = await (await commands()).runMemoryCommand(ctx, { type: "Learn", id, text: a.text!, branch: a.branch ?? null });
          if (a.json) printJson({ events: r.events });
          else print(`recorded learning ${id}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "compile",
        describe: "compile learnings into guidance (deterministic: near-duplicates merged, most repeated and recent first)",
        builder: (b) => b,
        handler: async (a) => {
          const r = await (await commands()).runMemoryCommand(ctxOf(a), { type: "Compile" });
          const guidance = r.state.guidance;
          if (a.json) return printJson({ guidance, events: r.events });
          print(guidance.length ? guidance.map((g) => `- ${g.text}${g.count > 1 ? dim(` (x${g.count})`) : ""}`).join("\n") : "no learnings to compile");
        },
      }),
    );
    m.command(
      defineCommand({
        command: "recall",
        describe: "corrections relevant to a task and files, best first (hard ones always)",
        builder: (b) => withAt(b.option("task", { type: "string" }).option("files", { type: "string" }).option("limit", { type: "number", default: 10 })),
        handler: async (a) => {
          const rs = recall((await loadMemory(ctxOf(a), atOf(a).at)), { ...(a.task ? { task: a.task } : {}), files: csv(a.files), limit: a.limit! });
          if (a.json) return printJson(rs);
          print(rs.length ? table(rs.map((r) => [r.correction.id, String(r.score), r.correction.severity, r.correction.rule, dim(r.why.join("; "))])) : "nothing relevant");
        },
      }),
    );
    m.command(
      defineCommand({
        command: "search <query>",
        describe: "full-text search over corrections and learnings (stemmed)",
        builder: (b) => withAt(b.positional("query", { type: "string", demandOption: true }).option("limit", { type: "number", default: 10 })),
        handler: async (a) => {
          const rs = searchMemory((await loadMemory(ctxOf(a), atOf(a).at)), a.query!, a.limit);
          if (a.json) return printJson(rs);
          print(rs.length ? table(rs.map((r) => [r.id, r.kind, String(r.score), r.text])) : "no matches");
        },
      }),
    );
    m.command(
      defineCommand({
        command: "stats",
        describe: "counts of corrections, learnings, guidance",
        builder: (b) => withAt(b),
        handler: async (a) => {
          const s = memoryStats((await loadMemory(ctxOf(a), atOf(a).at)));
          if (a.json) return printJson(s);
          print(table(Object.entries(s).map(([k, v]) => [k, String(v ?? "-")])));
        },
      }),
    );
    m.command(
      defineCommand({
        command: "lint",
        describe: "duplicate or contradictory corrections, stale learnings",
        builder: (b) => withAt(b),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const fs = lintMemory((await loadMemory(ctx, atOf(a).at)), ctx.now());
          if (a.json) return printJson(fs);
          print(fs.length ? fs.map((f) => `${f.kind}: ${f.message} (${f.ids.join(", ")})`).join("\n") : "memory is clean");
        },
      }),
    );
    m.command(
      defineCommand({
        command: "list",
        describe: "every live correction and learning",
        builder: (b) => withAt(b),
        handler: async (a) => {
          const s = (await loadMemory(ctxOf(a), atOf(a).at));
          if (a.json) return printJson({ corrections: corrections(s), learnings: learnings(s), guidance: s.guidance });
          print(table([...corrections(s).map((c) => [c.id, `correction/${c.severity}`, c.rule]), ...learnings(s).map((l) => [l.id, "learning", l.text])]) || "memory is empty");
        },
      }),
    );
    m.command(
      defineCommand({
        command: "forget <id>",
        describe: "forget an entry (recorded; history keeps it)",
        builder: (b) => b.positional("id", { type: "string", demandOption: true }).option("reason", { type: "string" }),
        handler: async (a) => {
          const r = await (await commands()).runMemoryCommand(ctxOf(a), { type: "Forget", id: a.id!, ...(a.reason ? { reason: a.reason } : {}) });
          if (a.json) printJson({ events: r.events });
          else print(`forgot ${a.id}`);
        },
      }),
    );
    return m.demandCommand(1, "name a memory command; see `maestro memory --help`");
  });
