// maestro status: one screen of where things stand, or stood at a time.
import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import { status } from "@maestro/engine/health";
import { bold, dim, green, print, printJson, red, statusColor, table, yellow } from "../output.js";
import { atOf, sessionCtxOf, withTimeAt } from "../args.js";
import { spendText } from "../render.js";

export const register = (y: Argv) =>
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
        print(s.missions.length ? table(s.missions.map((m) => [m.id, statusColor(m.status), `features ${m.progress.features.done}/${m.progress.features.total}`, `assertions ${m.progress.assertions.passed}/${m.progress.assertions.total}`, spendText(m.spend), m.title]), "  ") : "  none");
        print(`\n${bold("tasks")}  active ${s.tasks.active} · ready ${s.tasks.ready} · blocked ${s.tasks.blocked} · completed ${s.tasks.completed}${s.tasks.cancelled ? ` · cancelled ${s.tasks.cancelled}` : ""}${s.tasks.next ? `\n  next: ${s.tasks.next}` : ""}`);
        if (s.conflicts) print(`  ${s.conflicts} merge conflict(s): \`maestro log --conflicts\``);
        print(`\n${bold("handoffs")}  running ${s.handoffs.running.length} · open packets ${s.handoffs.open.length} (\`maestro handoff pickup\`)`);
        for (const h of s.handoffs.running) print(`  ${h.id} ${h.agent} pid ${h.pid ?? "-"} since ${h.startedAt ?? "-"}`);
        print(`\n${bold("last events")}`);
        print(s.lastEvents.length ? table(s.lastEvents.map((e) => [e.stream, String(e.seq), e.at, e.actor, e.type]), "  ") : "  none");
        print(`\n${bold("warnings")}`);
        print(s.warnings.length ? s.warnings.map((w) => `  ${w.severity === "error" ? red("error") : yellow("warn")}  ${w.what}${w.fix ? dim(` — ${w.fix}`) : ""}`).join("\n") : `  ${green("none")}`);
      },
    }),
  );
