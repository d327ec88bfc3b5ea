import { defineCommand } from "../command.js";
import { relative } from "node:path";
import type { Argv } from "yargs";
import { listConflicts, listEvents, verifyAll } from "@maestro/engine/log";
import { atOf, ctxOf, type Common } from "../args.js";
import { Exit, dim, err, green, print, printJson, red, table } from "../output.js";
import { eventSummary } from "@maestro/core/summary";

const selectorOf = (a: Args) => ({ ...(a.mission ? { mission: a.mission } : {}), ...(a.tasks ? { tasks: true } : {}), ...(a.principles ? { principles: true } : {}), ...(a.memory ? { memory: true } : {}) });

interface Args extends Common {
  readonly tasks?: boolean | undefined;
  readonly principles?: boolean | undefined;
  readonly memory?: boolean | undefined;
  readonly type?: string | undefined;
  readonly since?: number | undefined;
  readonly limit?: number | undefined;
  readonly by?: string | undefined;
  readonly conflicts?: boolean | undefined;
}

export const register = (y: Argv) =>
  y.command("log", "the audit trail: list events, or verify every log's chain", (m) => {
    m.example("maestro log --mission <id> --by codex:hof_x", "");
    m.example("maestro log verify --json", "");
    m.example("maestro log --conflicts", "events a merge made inapplicable, and why");
    m.command(
      defineCommand({
        command: "$0",
        describe: "list events (oldest first) across the workspace's streams, or one stream",
        builder: (b) =>
          withMissionOption(b)
            .option("type", { type: "string", describe: "only this event type" })
            .option("by", { type: "string", describe: "only events this actor recorded (e.g. codex:hof_x)" })
            .option("since", { type: "number", describe: "only events after this seq" })
            .option("conflicts", { type: "boolean", describe: "list the events a git merge made inapplicable (kept in the log, skipped by the fold), and why" })
            .option("limit", { type: "number", describe: "only the last N events" })
            .option("at", { type: "string", describe: "only up to this point (a seq, an event id, or an ISO time)" }),
        handler: async (a) => {
          const ctx = ctxOf(a);
          if (a.conflicts) {
            const cs = (await listConflicts(ctx));
            if (a.json) return printJson(cs);
            if (!cs.length) return print("no merge conflicts");
            return print(table([["STREAM", "SEQ", "AT", "ACTOR", "TYPE", "SUBJECT", "WHY"].map(dim), ...cs.map((c) => [c.stream, String(c.seq), c.at, c.actor, c.type, c.subject, c.reason])]));
          }
          let events = (await listEvents(ctx, selectorOf(a), { ...(a.type ? { type: a.type } : {}), ...(a.by ? { actor: a.by } : {}), ...(a.since !== undefined ? { since: a.since } : {}), ...atOf(a) }));
          if (a.limit !== undefined) events = events.slice(-a.limit);
          if (a.json) return printJson(events);
          if (!events.length) return print("no events");
          print(table([["STREAM", "SEQ", "AT", "ACTOR", "TYPE", "WHAT"].map(dim), ...events.map((e) => [e.stream, String(e.seq), e.at, e.actor, e.type, eventSummary(e)])]));
        },
      }),
    );
    m.command(
      defineCommand({
        command: "verify",
        describe: "check every stream's hash chain, seq and schema; names the first bad line",
        builder: (b) => withMissionOption(b),
        handler: async (a) => {
          const ctx = ctxOf(a);
          const reports = (await verifyAll(ctx, selectorOf(a)));
          const bad = reports.filter((r) => !r.ok);
          if (a.json) printJson({ ok: bad.length === 0, streams: reports });
          else {
            for (const r of reports) {
              const torn = r.tornBytes ? ` (torn last write of ${r.tornBytes} bytes; the next append quarantines it)` : "";
              print(r.ok ? `${green("ok")}   ${r.stream}: ${r.events} events in ${r.segments} segment(s)${torn}` : `${red("BAD")}  ${r.stream}: ${relative(ctx.cwd, r.problem!.file)}:${r.problem!.line}: ${r.problem!.reason}`);
            }
            if (!reports.length) print("no streams yet");
          }
          if (bad.length) {
            if (!a.json) err(`error: ${bad.length} stream(s) failed verification; first: ${bad[0]!.stream} at ${relative(ctx.cwd, bad[0]!.problem!.file)}:${bad[0]!.problem!.line}\n`);
            throw new Exit(4);
          }
        },
      }),
    );
    return m;
  });

const withMissionOption = <T>(b: Argv<T>) =>
  b.option("mission", { alias: "m", type: "string", describe: "only this mission's stream" }).option("tasks", { type: "boolean", describe: "only the tasks stream" })
    .option("principles", { type: "boolean", describe: "only the principles stream" })
    .option("memory", { type: "boolean", describe: "only the memory stream" });
