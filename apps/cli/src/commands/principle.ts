import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { InvalidInput, NotFound } from "@maestro/core/errors";
import { USER_ID_PATTERN } from "@maestro/core/ids";
import { MILESTONE_PROFILES } from "@maestro/core/mission/statuses";
import type { Principle } from "@maestro/core/principles/events";
import { livePrinciples } from "@maestro/core/principles/principles";
import { GATE_CHECK_PATTERN, PRINCIPLE_MODES } from "@maestro/core/principles/values";
import { loadPrinciples, principleStats } from "@maestro/engine/knowledge";
import { atOf, csv, ctxOf, oneOf, withAt, withTimeAt, type Common } from "../args.js";
import { bold, dim, print, printJson, table } from "../output.js";

/** the use cases that write, loaded only by the commands that write (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/knowledge-commands");

interface Args extends Common {
  readonly id?: string | undefined;
  readonly name?: string | undefined;
  readonly rule?: string | undefined;
  readonly profiles?: string | undefined;
  readonly profile?: string | undefined;
  readonly mode?: string | undefined;
  readonly gateField?: string | undefined;
  readonly gateCheck?: string | undefined;
  readonly handoff?: string | undefined;
  readonly rating?: string | undefined;
}

const gateOf = (a: Args) => {
  if (a.gateCheck !== undefined && !GATE_CHECK_PATTERN.test(a.gateCheck)) throw new InvalidInput({ condition: "InvalidValue", message: `--gate-check must be array_min_length:N, object_non_empty or array_all_passed, got ${JSON.stringify(a.gateCheck)}` });
  return a.gateField && a.gateCheck ? { field: a.gateField, check: a.gateCheck } : null;
};
const rows = (ps: readonly Principle[]) => [["ID", "MODE", "GATE", "PROFILES", "RULE"].map(dim), ...ps.map((p) => [p.id, p.mode, p.gate ? `${p.gate.field} ${p.gate.check}` : "-", p.profiles.join(","), p.rule])];

export const register = (y: Argv) =>
  y.command("principle", "behavioral principles: injected into briefs, gates scored against replies", (m) => {
    m.example("maestro principle list --profile implementation", "");
    m.example("maestro principle stats", "");
    m.command(
      defineCommand({
        command: "list",
        describe: "principles, optionally only those of one milestone profile",
        builder: (b) => withAt(b.option("profile", { type: "string" })),
        handler: async (a) => {
          const ps = livePrinciples((await loadPrinciples(ctxOf(a), atOf(a).at)), a.profile === undefined ? undefined : oneOf("profile", a.profile, MILESTONE_PROFILES));
          if (a.json) return printJson(ps);
          print(ps.length ? table(rows(ps)) : "no principles; add one with `maestro principle add`");
        },
      }),
    );
    m.command(
      defineCommand({
        command: "show <id>",
        describe: "one principle",
        builder: (b) => withAt(b.positional("id", { type: "string", demandOption: true })),
        handler: async (a) => {
          const p = livePrinciples((await loadPrinciples(ctxOf(a), atOf(a).at))).find((x) => x.id === a.id);
          if (!p) throw new NotFound({ condition: "PrincipleNotFound", message: `principle "${a.id}" not found` });
          if (a.json) return printJson(p);
          print(`${bold(p.id)}  ${p.name}  [${p.mode}]\n  ${p.rule}\n  profiles: ${p.profiles.join(", ") || "-"}${p.gate ? `\n  gate: ${p.gate.field} ${p.gate.check}` : ""}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "add",
        describe: "add a principle",
        builder: (b) =>
          b
            .option("id", { type: "string", demandOption: true })
            .option("name", { type: "string", demandOption: true })
            .option("rule", { type: "string", demandOption: true })
            .option("profiles", { type: "string", demandOption: true, describe: `comma-separated milestone profiles: ${MILESTONE_PROFILES.join(", ")}` })
            .option("mode", { type: "string", default: "advisory", describe: "advisory | gate" })
            .option("gate-field", { type: "string", describe: "a field of the reply report, e.g. assumptions" })
            .option("gate-check", { type: "string", describe: "array_min_length:N | object_non_empty | array_all_passed" }),
        handler: async (a) => {
          if (!USER_ID_PATTERN.test(a.id!)) throw new InvalidInput({ condition: "InvalidValue", message: `--id ${JSON.stringify(a.id)}: use 1-64 of a-z 0-9 . _ -` });
          const principle: Principle = { id: a.id!, name: a.name!, rule: a.rule!, profiles: csv(a.profiles), mode: oneOf("mode", a.mode, PRINCIPLE_MODES), gate: gateOf(a) };
          const r = await (await commands()).runPrincipleCommand(ctxOf(a), { type: "Add", principle });
          if (a.json) printJson({ events: r.events });
          else print(`added principle ${principle.id}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "update <id>",
        describe: "change a principle",
        builder: (b) =>
          b
            .positional("id", { type: "string", demandOption: true })
            .option("name", { type: "string" })
            .option("rule", { type: "string" })
            .option("profiles", { type: "string" })
            .option("mode", { type: "string" })
            .option("gate-field", { type: "string" })
            .option("gate-check", { type: "string" }),
        handler: async (a) => {
          const gate = gateOf(a);
          const changes = {
            ...(a.name !== undefined ? { name: a.name } : {}),
            ...(a.rule !== undefined ? { rule: a.rule } : {}),
            ...(a.profiles !== undefined ? { profiles: csv(a.profiles) } : {}),
            ...(a.mode !== undefined ? { mode: oneOf("mode", a.mode, PRINCIPLE_MODES) } : {}),
            ...(gate ? { gate } : {}),
          };
          if (!Object.keys(changes).length) throw new InvalidInput({ condition: "NothingToChange", message: "nothing to update; pass --name, --rule, --profiles, --mode or --gate-field with --gate-check" });
          const r = await (await commands()).runPrincipleCommand(ctxOf(a), { type: "Update", id: a.id!, changes });
          if (a.json) printJson({ events: r.events });
          else print(`updated principle ${a.id}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "remove <id>",
        describe: "remove a principle (history keeps it)",
        builder: (b) => b.positional("id", { type: "string", demandOption: true }),
        handler: async (a) => {
          const r = await (await commands()).runPrincipleCommand(ctxOf(a), { type: "Remove", id: a.id! });
          if (a.json) printJson({ events: r.events });
          else print(`removed principle ${a.id}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "outcome <id> <rating>",
        describe: "rate how a principle served a handoff: helpful | unhelpful",
        builder: (b) => b.positional("id", { type: "string", demandOption: true }).positional("rating", { type: "string", demandOption: true }).option("handoff", { type: "string", demandOption: true }),
        handler: async (a) => {
          const rating = oneOf("rating", a.rating, ["helpful", "unhelpful"] as const);
          const r = await (await commands()).runPrincipleCommand(ctxOf(a), { type: "Rate", principleId: a.id!, handoffId: a.handoff!, helpful: rating === "helpful" });
          if (a.json) printJson({ events: r.events });
          else print(`rated ${a.id} ${rating} for ${a.handoff}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "stats",
        describe: "per principle: times gated, passed, failed, ratings, effectiveness",
        builder: (b) => withTimeAt(b),
        handler: async (a) => {
          const stats = (await principleStats(ctxOf(a), atOf(a).at));
          if (a.json) return printJson(stats);
          print(table([["ID", "MODE", "GATED", "PASSED", "FAILED", "HELPFUL", "UNHELPFUL", "EFFECTIVENESS"].map(dim), ...stats.map((s) => [s.id, s.mode, String(s.gated), String(s.passed), String(s.failed), String(s.helpful), String(s.unhelpful), s.effectiveness === null ? "-" : String(s.effectiveness)])]));
        },
      }),
    );
    return m.demandCommand(1, "name a principle command; see `maestro principle --help`");
  });
