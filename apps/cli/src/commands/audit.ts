// maestro audit: what each agent run was asked, said, did in git and cost; with sums.
import type { Argv } from "yargs";
import type { Audit, AuditRun } from "@maestro/engine/audit";
import { InvalidInput } from "@maestro/core/errors";
import { defineCommand } from "../command.js";
import { ctxOf } from "../args.js";
import { bold, dim, out, print, printJson, table } from "../output.js";
import { gitRows, usageText } from "./handoff/shared.js";

const money = (usd: number, unpriced: number, estimated: boolean) => `$${usd}${estimated ? " (some estimated)" : ""}${unpriced ? ` + ${unpriced} run(s) unpriced` : ""}`;
const totalsLine = (t: Audit["totals"]) => `${t.runs} run(s), ${money(t.costUsd, t.unpriced, t.estimated)}, ${t.inputTokens} tokens in, ${t.outputTokens} out, ${t.filesChanged} file(s) changed`;
const whyOf = (r: AuditRun) => [r.why.featureId && `feature ${r.why.featureId} of mission ${r.why.missionId}`, r.why.taskId && `task ${r.why.taskId}`].filter(Boolean).join(", ") || "no mission feature or task";
const saidOf = (r: AuditRun) => r.said.map((s) => `${s.outcome}${s.result !== s.outcome ? ` -> ${s.result}` : ""}: ${s.summary}${s.gates.length ? ` [${s.gates.map((g) => `${g.principleId} ${g.passed ? "passed" : "failed"}`).join(", ")}]` : ""}`);

const human = (a: Audit) => {
  if (!a.runs.length) return print("no agent runs match");
  for (const r of a.runs) {
    print(`${bold(r.id)}  ${r.who.agent}${r.who.model ? `/${r.who.model}` : ""}  [${r.status}]  ${r.startedAt ?? "-"}`);
    print(
      table(
        [
          ["who", `${r.who.session}, launched by ${r.who.launchedBy}`],
          ["why", `${r.why.task.length > 100 ? `${r.why.task.slice(0, 100)}…` : r.why.task} (${whyOf(r)})`],
          ...(r.why.earlier.length ? [["earlier", r.why.earlier.map((e) => `${e.id} ${e.status}`).join(", ")]] : []),
          ...saidOf(r).map((s, i) => [i ? "" : "said", s]),
          ...gitRows(r.git),
          ...(r.unreachable.length ? [["", `no longer reachable: ${r.unreachable.map((s) => s.slice(0, 10)).join(", ")}`]] : []),
          ["cost", usageText(r.usage) + (r.overBudget ? `; stopped over budget (${r.overBudget})` : "")],
        ],
        "  ",
      ),
    );
    print("");
  }
  print(`${bold("total")}  ${totalsLine(a.totals)}`);
  for (const [name, rows] of Object.entries(a.rollups))
    if (rows.length > 1 || (rows.length === 1 && a.runs.length > 1)) print(`${bold(`by ${name.replace(/s$/, "")}`)}\n${table(rows.map((x) => [x.key, `${x.runs} run(s)`, money(x.costUsd, x.unpriced, x.estimated), `${x.inputTokens + x.outputTokens} tokens`, `${x.filesChanged} file(s)`]), "  ")}`);
};

/** A report for a pull request's description: the totals, then each run. */
const markdown = (a: Audit) => {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [`## Agent runs`, "", `${totalsLine(a.totals)}.`, ""];
  if (a.runs.length) {
    lines.push("| run | agent | status | why | commits | files | cost |", "|---|---|---|---|---|---|---|");
    for (const r of a.runs)
      lines.push(`| \`${r.id}\` | ${r.who.agent}${r.who.model ? ` (${r.who.model})` : ""} | ${r.status} | ${cell(whyOf(r))} | ${r.git?.commits.length ?? 0} | ${r.git?.files.length ?? 0} | ${cell(usageText(r.usage))} |`);
  }
  for (const r of a.runs) {
    lines.push("", `### \`${r.id}\`: ${cell(r.why.task.split("\n")[0]!.slice(0, 100))}`, "", `- **who**: ${r.who.agent}${r.who.model ? ` (${r.who.model})` : ""}, session \`${r.who.session}\`, launched by \`${r.who.launchedBy}\``, `- **why**: ${whyOf(r)}${r.why.earlier.length ? `; earlier attempts: ${r.why.earlier.map((e) => `\`${e.id}\` ${e.status}`).join(", ")}` : ""}`);
    for (const s of saidOf(r)) lines.push(`- **said**: ${s}`);
    if (r.git?.unavailable) lines.push(`- **did**: git not available (${r.git.unavailable})`);
    else if (r.git) {
      lines.push(`- **did**: ${r.git.commits.length} commit(s), ${r.git.files.length} file(s)${r.git.baseReachable ? "" : "; its start is no longer under HEAD (rebased or reset)"}`);
      for (const c of r.git.commits) lines.push(`  - \`${c.sha.slice(0, 10)}\` ${cell(c.subject)}${r.unreachable.includes(c.sha) ? " (no longer reachable)" : ""}`);
      for (const f of r.git.files) lines.push(`  - \`${f.path}\` +${f.added ?? "bin"} -${f.removed ?? "bin"}${f.uncommitted ? " (uncommitted)" : ""}`);
    }
    lines.push(`- **cost**: ${usageText(r.usage)}${r.overBudget ? `; stopped over budget (${r.overBudget})` : ""}`);
  }
  out(lines.join("\n") + "\n");
};

export const register = (y: Argv) =>
  y.command(
    defineCommand({
      command: "audit",
      describe: "for each agent run: who, why, what it said, what it did in git, what it cost; with sums per feature, mission, agent and session",
      builder: (b) =>
        b
          .option("mission", { alias: "m", type: "string", describe: "the runs of one mission" })
          .option("task", { type: "string", describe: "the runs of one task" })
          .option("by", { type: "string", describe: "the runs of one agent (codex), run session (codex:hof_x), or launching session" })
          .option("handoff", { type: "string", describe: "one run" })
          .option("format", { type: "string", describe: "md: a markdown report (for a pull request)" })
          .example("maestro audit --mission <id> --format md", "")
          .example("maestro audit --by codex --json", ""),
      handler: async (a) => {
        if (a.format !== undefined && a.format !== "md") throw new InvalidInput({ condition: "InvalidValue", message: `--format takes md, got ${JSON.stringify(a.format)} (--json for JSON)` });
        const { audit } = await import("@maestro/engine/audit");
        const r = await audit(ctxOf(a), { ...(a.mission ? { mission: a.mission } : {}), ...(a.task ? { task: a.task } : {}), ...(a.by ? { by: a.by } : {}), ...(a.handoff ? { handoff: a.handoff } : {}) });
        if (a.json) return printJson(r);
        if (a.format === "md") return markdown(r);
        human(r);
        if (!r.runs.length) print(dim("(runs are recorded by maestro handoff)"));
      },
    }),
  );
