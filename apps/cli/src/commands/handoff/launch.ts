// maestro handoff "<task>": write a brief for the task and launch an agent run on it.
import { defineCommand } from "../../command.js";
import * as Either from "effect/Either";
import { parseDuration } from "@maestro/core/duration";
import type { HandoffRecord } from "@maestro/core/handoff/events";
import { AGENT_NAMES } from "@maestro/core/handoff/values";
import { outputTail } from "@maestro/engine/handoffs";
import { oneOf, sessionCtxOf } from "../../args.js";
import { InvalidInput } from "@maestro/core/errors";
import { Exit, bold, dim, err, print, printJson } from "../../output.js";
import { WAIT_EXIT, waitExitCode, recordText } from "./shared.js";

let ticker: NodeJS.Timeout | undefined;
let detachOnInterrupt = false;

/** Says that --wait waits, for which run; on a terminal, with the time it has taken so far. */
const waiting = (r: HandoffRecord) => {
  const line = (s: number) => `waiting for ${r.agent} (handoff ${r.id}, pid ${r.pid})${s ? `, ${s}s` : ""}; Ctrl-C ${detachOnInterrupt ? "leaves it running, detached" : "stops it and records it cancelled"}`;
  if (!process.stderr.isTTY) return err(`${line(0)}\n`);
  const start = Date.now();
  err(line(0));
  ticker = setInterval(() => err(`\r${line(Math.round((Date.now() - start) / 1000))}`), 1000);
  ticker.unref();
};

export const launch = defineCommand({
  command: "$0 <task>",
  describe: "write a brief for <task> and launch an agent run on it",
  builder: (b) =>
    b
      .positional("task", { type: "string", demandOption: true, describe: "what the agent should do" })
      .option("agent", { type: "string", demandOption: true, describe: AGENT_NAMES.join(" | ") })
      .option("model", { type: "string", describe: "the agent's model (default: config agents.<agent>.model)" })
      .option("name", { type: "string", describe: "a name for the launch (also the default worktree name)" })
      .option("mission", { alias: "m", type: "string", describe: "mission id (optional when exactly one mission is active)" })
      .option("feature", { type: "string", describe: "link a mission feature (with --mission)" })
      .option("task-id", { alias: "task-ref", type: "string", describe: "link a task (id or slug)" })
      .option("worktree", { type: "string", describe: "run in a new git worktree (optional name)" })
      .option("base", { type: "string", describe: "branch the worktree starts from (default: the current one)" })
      .option("wait", { type: "boolean", describe: "block until the run ends and return the final record" })
      .option("detach-on-interrupt", { type: "boolean", describe: "with --wait: Ctrl-C leaves the run going under its supervisor (say so) instead of stopping it" })
      .option("timeout", { type: "string", describe: "stop a run that takes longer (e.g. 30m); it is recorded failed + timedOut" })
      .option("force", { type: "boolean", describe: "launch although another run of the same feature is active (recorded)" })
      .option("budget", { type: "string", describe: "what this run may spend: $2, 300k tokens (default: budget.handoff); past it the run is stopped, recorded over budget" })
      .example('maestro handoff "Implement auth-impl and run its verification steps" --agent codex --mission <id> --feature auth-impl', "")
      .example('maestro handoff "Finish auth-impl" --agent claude --wait --json', ""),
  handler: async (a) => {
    const agent = oneOf("agent", a.agent, AGENT_NAMES);
    if (a.detachOnInterrupt && !a.wait) throw new InvalidInput({ condition: "UsageError", message: "--detach-on-interrupt is for --wait (a launch without it is detached already)" });
    detachOnInterrupt = a.detachOnInterrupt === true;
    const timeoutMs = a.timeout === undefined ? undefined : Either.getOrThrowWith(parseDuration("timeout", a.timeout), (e) => e);
    const rec = await (await import("@maestro/engine/launch")).createHandoff(sessionCtxOf(a), {
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
      ...(a.force ? { force: true } : {}),
      ...(a.budget !== undefined ? { budget: a.budget } : {}),
      ...(a.detachOnInterrupt ? { detachOnInterrupt: true } : {}),
    }, { onWaiting: (r) => waiting(r) });
    if (ticker) {
      clearInterval(ticker);
      err("\n");
    }
    // (Ctrl-C with --detach-on-interrupt: the run goes on, still launched)
    const detached = a.wait === true && rec.status === "launched";
    const code = a.wait && !detached ? waitExitCode(rec) : 0;
    if (a.json) printJson(a.wait ? { ...rec, outputTail: outputTail(rec, 15) } : rec);
    else {
      print(recordText(rec));
      if (rec.status === "launched") print(dim(`running detached; follow it with: maestro handoff show ${rec.id}`));
      if (a.wait && !detached) print(`\n${bold("output tail")}\n${outputTail(rec, 15).join("\n") || dim("(no output)")}`);
    }
    if (detached) err(`detached: handoff ${rec.id} goes on under its supervisor, which records its end; follow it with \`maestro handoff show ${rec.id}\`\n`);
    if (code === WAIT_EXIT.cancelled) {
      err(`error: stopped: handoff ${rec.id} is recorded cancelled (its agent's processes were stopped)\n`);
      throw new Exit(code);
    }
    if (code) {
      err(`error: the agent ${rec.overBudget ? `was stopped over its budget (${rec.overBudget})` : rec.timedOut ? "timed out" : `failed (${rec.exitCode !== null ? `exit ${rec.exitCode}` : rec.signal ?? rec.error ?? "no exit code"})`}; see \`maestro handoff show ${rec.id}\`\n`);
      throw new Exit(code);
    }
  },
});
