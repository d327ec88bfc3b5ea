import { defineCommand } from "../command.js";
import type { Argv } from "yargs";
import * as Either from "effect/Either";
import { parseDuration } from "@maestro/core/duration";
import type { HandoffRecord } from "@maestro/core/handoff/events";
import { AGENT_NAMES, HANDOFF_STATUSES } from "@maestro/core/handoff/values";
import { listHandoffs, loadHandoff, outputTail } from "@maestro/engine/handoffs";
import { atOf, oneOf, sessionCtxOf, withAt, withTimeAt } from "../args.js";
import { Exit, bold, dim, err, out, print, printJson, statusColor, table } from "../output.js";

/** the use cases that launch and pick up, loaded only by the commands that do (reads stay clear of Schema) */
const commands = () => import("@maestro/engine/handoff");

/** `handoff --wait` exits as its agent did: 0 when it exited 0, 6 when it failed, 7 when it timed out. */
const WAIT_EXIT = { failed: 6, timedOut: 7 } as const;
const waitExitCode = (rec: HandoffRecord): number => (rec.timedOut ? WAIT_EXIT.timedOut : rec.status === "completed" && rec.exitCode === 0 ? 0 : WAIT_EXIT.failed);


const recordText = (r: HandoffRecord) =>
  [
    `${bold(r.id)}  ${r.agent}${r.model ? `/${r.model}` : ""}  [${statusColor(r.status)}]${r.name ? `  ${r.name}` : ""}`,
    table(
      [
        ["task", r.task.length > 100 ? `${r.task.slice(0, 100)}…` : r.task],
        ["target", r.targetDir],
        ["prompt", r.promptPath],
        ["output", r.outputPath],
        ["command", r.argv.join(" ")],
        ["refs", [r.refs.missionId && `mission ${r.refs.missionId}`, r.refs.featureId && `feature ${r.refs.featureId}`, r.refs.taskId && `task ${r.refs.taskId}`].filter(Boolean).join(", ") || "-"],
        ...(r.worktree ? [["worktree", `${r.worktree.path} (branch ${r.worktree.branch} from ${r.worktree.base})`]] : []),
        ["created", `${r.createdAt} by ${r.createdByAgent}`],
        ["pid", r.pid === null ? "-" : String(r.pid)],
        ["exit", r.exitCode !== null ? String(r.exitCode) : r.signal ? r.signal : "-"],
        ...(r.timedOut ? [["timed out", "yes"]] : []),
        ...(r.error ? [["error", r.error]] : []),
        ["picked up", r.consumedAt ? `${r.consumedAt} by ${r.pickedUpByAgent}` : "no"],
      ],
      "  ",
    ),
  ].join("\n");

export const register = (y: Argv) =>
  y.command("handoff", "launch a fresh agent run with a self-contained brief; list, show and pick up launches", (m) => {
    m.example("maestro handoff list --status launched", "");
    m.example("maestro handoff pickup --id <handoff-id>", "");
    m.option("session", { type: "string", describe: "who is acting (default: $MAESTRO_SESSION, the actor, an agent session, or this terminal)" });
    m.command(
      defineCommand({
        command: "$0 <task>",
        describe: "write a brief for <task> and launch an agent run on it",
        builder: (b) =>
          b
            .positional("task", { type: "string", demandOption: true, describe: "what the agent should do" })
            .option("agent", { type: "string", demandOption: true, describe: AGENT_NAMES.join(" | ") })
            .option("model", { type: "string" })
            .option("name", { type: "string", describe: "a name for the launch (also the default worktree name)" })
            .option("mission", { alias: "m", type: "string" })
            .option("feature", { type: "string", describe: "link a mission feature (with --mission)" })
            .option("task-id", { alias: "task-ref", type: "string", describe: "link a task (id or slug)" })
            .option("worktree", { type: "string", describe: "run in a new git worktree (optional name)" })
            .option("base", { type: "string", describe: "branch the worktree starts from (default: the current one)" })
            .option("wait", { type: "boolean", describe: "block until the run ends and return the final record" })
            .option("timeout", { type: "string", describe: "stop a run that takes longer (e.g. 30m); it is recorded failed + timedOut" })
            .example('maestro handoff "Implement auth-impl and run its verification steps" --agent codex --mission <id> --feature auth-impl', "")
            .example('maestro handoff "Finish auth-impl" --agent claude --wait --json', ""),
        handler: async (a) => {
          const agent = oneOf("agent", a.agent, AGENT_NAMES);
          const timeoutMs = a.timeout === undefined ? undefined : Either.getOrThrowWith(parseDuration("timeout", a.timeout), (e) => e);
          const rec = await (await commands()).createHandoff(sessionCtxOf(a), {
            task: a.task!,
            agent,
            wait: a.wait === true,
            selfBin: process.argv[1]!,
            ...(a.model ? { model: a.model } : {}),
            ...(a.name ? { name: a.name } : {}),
            ...(a.mission ? { missionId: a.mission } : {}),
            ...(a.feature ? { featureId: a.feature } : {}),
            ...(a.taskId ? { taskRef: a.taskId } : {}),
            ...(a.worktree !== undefined ? { worktree: a.worktree === "" ? (true as const) : a.worktree } : {}),
            ...(a.base ? { base: a.base } : {}),
            ...(timeoutMs !== undefined ? { timeoutMs } : {}),
          });
          const code = a.wait ? waitExitCode(rec) : 0;
          if (a.json) printJson(rec);
          else {
            print(recordText(rec));
            if (rec.status === "launched") print(dim(`running detached; follow it with: maestro handoff show ${rec.id}`));
            if (a.wait) print(`\n${bold("output tail")}\n${outputTail(rec, 15).join("\n") || dim("(no output)")}`);
          }
          if (code) {
            err(`error: the agent ${rec.timedOut ? "timed out" : `failed (${rec.exitCode !== null ? `exit ${rec.exitCode}` : rec.signal ?? rec.error ?? "no exit code"})`}; see \`maestro handoff show ${rec.id}\`\n`);
            throw new Exit(code);
          }
        },
      }),
    );
    m.command(
      defineCommand({
        command: "list",
        describe: "this project's launches (the store is global: --all-projects for every one), oldest first",
        builder: (b) =>
          withTimeAt(b)
            .option("status", { type: "string", describe: HANDOFF_STATUSES.join(" | ") })
            .option("agent", { type: "string", describe: AGENT_NAMES.join(" | ") })
            .option("all-projects", { type: "boolean", describe: "every project's launches, not only this one's" }),
        handler: async (a) => {
          const status = a.status === undefined ? undefined : oneOf("status", a.status, HANDOFF_STATUSES);
          const agent = a.agent === undefined ? undefined : oneOf("agent", a.agent, AGENT_NAMES);
          const all = (await listHandoffs(sessionCtxOf(a), { allProjects: a.allProjects === true, ...atOf(a) })).filter((h) => (!status || h.status === status) && (!agent || h.agent === agent));
          if (a.json) return printJson(all);
          if (!all.length) return print("no handoffs");
          print(table([["ID", "AGENT", "MODEL", "STATUS", "EXIT", "CREATED", "PICKED UP", "TASK"].map(dim), ...all.map((h) => [h.id, h.agent, h.model ?? "-", statusColor(h.status), h.exitCode === null ? "-" : String(h.exitCode), h.createdAt, h.consumedAt ? "yes" : "no", h.task.slice(0, 50)])]));
        },
      }),
    );
    m.command(
      defineCommand({
        command: "show <id>",
        describe: "a launch record, its prompt path and the tail of its output",
        builder: (b) => withAt(b.positional("id", { type: "string", demandOption: true }).option("lines", { type: "number", default: 20 })),
        handler: async (a) => {
          const rec = (await loadHandoff(sessionCtxOf(a), a.id!, atOf(a).at));
          const tail = outputTail(rec, a.lines);
          if (a.json) return printJson({ ...rec, outputTail: tail });
          print(recordText(rec));
          print(`\n${bold("output")} ${dim(`(last ${a.lines} lines)`)}\n${tail.map((l) => `  ${l}`).join("\n") || dim("  (empty)")}`);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "pickup",
        describe: "consume one open packet (exactly once) and print its brief; a task-linked one also claims the task here",
        builder: (b) =>
          b
            .option("id", { type: "string", describe: "the packet (any project's); without it, this project's newest open one" })
            .option("standalone", { type: "boolean", describe: "take only the brief, from anywhere" })
            .option("all-projects", { type: "boolean", describe: "without --id: the newest open packet of any project" }),
        handler: async (a) => {
          const r = await (await commands()).pickupHandoff(sessionCtxOf(a), { ...(a.id ? { id: a.id } : {}), standalone: a.standalone === true, allProjects: a.allProjects === true });
          if (a.json) return printJson(r);
          out(r.brief);
        },
      }),
    );
    m.command(
      defineCommand({
        command: "_supervise <id>",
        describe: false,
        builder: (b) => b.positional("id", { type: "string", demandOption: true }),
        handler: async (a) => {
          // detached: tell the launcher the pid on stdout, then keep running until the agent exits
          await (await commands()).supervise(sessionCtxOf(a), a.id!, (pid) => {
            try {
              out(`${pid}\n`);
            } catch {
              // the launcher is gone; nothing to tell
            }
          });
        },
      }),
    );
    return m;
  });
