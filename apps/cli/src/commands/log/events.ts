// maestro log: list events (oldest first) across the workspace's streams, or one stream.
import { defineCommand } from "../../command.js";
import { listConflicts, listEvents } from "@maestro/engine/log";
import { atOf, ctxOf } from "../../args.js";
import { dim, print, printJson, table } from "../../output.js";
import { eventSummary } from "@maestro/core/summary";
import { selectorOf, withMissionOption } from "./shared.js";

export const events = defineCommand({
  command: "$0",
  describe: "list events (oldest first) across the workspace's streams, or one stream",
  builder: (b) =>
    withMissionOption(b)
      .option("type", { type: "string", describe: "only this event type" })
      .option("by", { type: "string", describe: "only events this actor recorded (e.g. codex:hof_x)" })
      .option("since", { type: "number", describe: "only events after this seq" })
      .option("conflicts", { type: "boolean", describe: "list the open merge conflicts: events a git merge made inapplicable (kept in the log, skipped by the fold) and values it overwrote, and why" })
      .option("all", { type: "boolean", describe: "with --conflicts: the settled ones too" })
      .option("limit", { type: "number", describe: "only the last N events" })
      .option("at", { type: "string", describe: "only up to this point (a seq, an event id, or an ISO time)" }),
  handler: async (a) => {
    const ctx = ctxOf(a);
    if (a.conflicts) {
      const cs = (await listConflicts(ctx, { all: a.all === true }));
      if (a.json) return printJson(cs);
      if (!cs.length) return print(a.all ? "no merge conflicts" : "no open merge conflicts");
      print(table([["ID", "STREAM", "SEQ", "ACTOR", "TYPE", "KIND", "WHY"].map(dim), ...cs.map((c) => [c.id, c.stream, String(c.seq), c.actor, c.type, c.settledBy === null ? c.kind : `settled by ${c.settledBy}`, c.reason])]));
      return print(dim("next: maestro log settle <id>.. (or --all) once each is dealt with"));
    }
    let events = (await listEvents(ctx, selectorOf(a), { ...(a.type ? { type: a.type } : {}), ...(a.by ? { actor: a.by } : {}), ...(a.since !== undefined ? { since: a.since } : {}), ...atOf(a) }));
    if (a.limit !== undefined) events = events.slice(-a.limit);
    if (a.json) return printJson(events);
    if (!events.length) return print("no events");
    print(table([["STREAM", "SEQ", "AT", "ACTOR", "TYPE", "WHAT"].map(dim), ...events.map((e) => [e.stream, String(e.seq), e.at, e.actor, e.type, eventSummary(e)])]));
  },
});
