import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { doctor, status, type Finding } from "@maestro/engine/health";
import { Exit, bold, dim, green, print, printJson, red, statusColor, table, yellow } from "../output.js";
import { atOf, sessionCtxOf, withTimeAt } from "../args.js";

const mark = (f: Finding) => (f.severity === "ok" ? green("ok  ") : f.severity === "warn" ? yellow("warn") : red("FAIL"));

export const registerStatus = (y: Argv) =>
  y.command(
    defineCommand({
      command: "status",
      describe: "one screen of where things stand: missions, tasks, handoffs, last events, warnings",
      builder: (b) => withTimeAt(b).example("maestro status --json", "").example("maestro status --at 2026-12-01T12:00:00Z", ""),
      handler: async (a) => {
        const s = (await status(sessionCtxOf(a), atOf(a)));
        if (a.json) return printJson(s);
        if (!s.initialized) return print(`not initialized: no maestro workspace here or above ${s.cwd}; run \`maestro init\` in your project`);
        print(`${bold("workspace")} ${s.workspace}${s.at ? dim(`  (as of ${s.at})`) : ""}`);
        print(`\n${bold("missions")}`);
        print(s.missions.length ? table(s.missions.map((m) => [m.id, statusColor(m.status), `features ${m.progress.features.done}/${m.progress.features.total}`, `assertions ${m.progress.assertions.passed}/${m.progress.assertions.total}`, m.title]), "  ") : "  none");
        print(`\n${bold("tasks")}  active ${s.tasks.active} · ready ${s.tasks.ready} · blocked ${s.tasks.blocked} · completed ${s.tasks.completed}${s.tasks.next ? `\n  next: ${s.tasks.next}` : ""}`);
        if (s.conflicts) print(`  ${s.conflicts} merge conflict(s): \`maestro log --conflicts\``);
        print(`\n${bold("handoffs")}  running ${s.handoffs.running.length} · open packets ${s.handoffs.open.length}`);
        for (const h of s.handoffs.running) print(`  ${h.id} ${h.agent} pid ${h.pid ?? "-"} since ${h.startedAt ?? "-"}`);
        print(`\n${bold("last events")}`);
        print(s.lastEvents.length ? table(s.lastEvents.map((e) => [e.stream, String(e.seq), e.at, e.actor, e.type]), "  ") : "  none");
        print(`\n${bold("warnings")}`);
        print(s.warnings.length ? s.warnings.map((w) => `  ${w.severity === "error" ? red("error") : yellow("warn")}  ${w.what}${w.fix ? dim(` — ${w.fix}`) : ""}`).join("\n") : `  ${green("none")}`);
      },
    }),
  );

export const registerDoctor = (y: Argv) =>
  y.command(
    defineCommand({
      command: "doctor",
      describe: "check every stream, lock, cache, run and claim, the agent CLIs, git and node; --repair applies the safe fixes",
      builder: (b) => b.option("repair", { type: "boolean", describe: "quarantine torn tails, remove stale locks, drop bad caches, record lost runs" }).example("maestro doctor --repair", ""),
      handler: async (a) => {
        const findings = await doctor(sessionCtxOf(a), { repair: a.repair === true });
        const open = findings.filter((f) => f.severity !== "ok" && !f.repaired);
        if (a.json) printJson({ ok: open.every((f) => f.severity !== "error"), findings });
        else
          for (const f of findings) {
            print(`${mark(f)}  ${f.check.padEnd(12)} ${f.what}${dim(`  (${f.where})`)}`);
            if (f.repaired) print(`      ${green("repaired")}: ${f.repaired}`);
            else if (f.fix && f.severity !== "ok") print(dim(`      fix: ${f.fix}`));
          }
        if (open.some((f) => f.severity === "error")) throw new Exit(4);
      },
    }),
  );
