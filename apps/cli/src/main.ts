// maestro's entry: `main(argv)` returns an exit code and is what both the bin and the tests
// call. Only the command group named on the command line is loaded, so `--version` and small
// reads do not pay for the rest.
import yargs, { type Argv } from "yargs";
import { InvalidInput } from "@maestro/core/errors";
import { useIo, type Io } from "./io.js";
import { VERSION } from "./version.js";
import { out, reportError } from "./output.js";


export interface CommandGroup {
  readonly register: (y: Argv) => Argv;
}

const GROUPS: Record<string, { describe: string; load: () => Promise<CommandGroup> }> = {
  init: { describe: "create the .maestro/ workspace for this project", load: () => import("./commands/init.js") },
  mission: { describe: "create, inspect and move missions through their lifecycle", load: () => import("./commands/mission.js") },
  milestone: { describe: "list, start, validate and seal milestones", load: () => import("./commands/milestone.js") },
  feature: { describe: "list, show and update features", load: () => import("./commands/feature.js") },
  validate: { describe: "show and update assertions", load: () => import("./commands/validate.js") },
  checkpoint: { describe: "save, list and restore mission checkpoints", load: () => import("./commands/checkpoint.js") },
  task: { describe: "the daily queue: ready, claim, update, block (a blocker graph)", load: () => import("./commands/task.js") },
  handoff: { describe: "launch a fresh agent run with a self-contained brief; list, show, pick up", load: () => import("./commands/handoff.js") },
  reply: { describe: "record an agent's outcome for a feature, gated by principles", load: () => import("./commands/reply.js") },
  principle: { describe: "behavioral principles injected into briefs and scored against replies", load: () => import("./commands/principle.js") },
  memory: { describe: "corrections and learnings that feed back into every brief", load: () => import("./commands/memory.js") },
  bundle: { describe: "portable .mission.tar.gz archives: export, inspect, verify, import", load: () => import("./commands/bundle.js") },
  status: { describe: "one screen of where things stand", load: () => import("./commands/status.js") },
  doctor: { describe: "check and (--repair) heal the store, and check the agent CLIs, git and node", load: () => import("./commands/doctor.js") },
  install: { describe: "set up config and the maestro block in the agents' instruction files", load: () => import("./commands/install.js") },
  uninstall: { describe: "remove the maestro block from the agents' instruction files", load: () => import("./commands/uninstall.js") },
  config: { describe: "get, set and list settings", load: () => import("./commands/config.js") },
  prime: { describe: "the calling agent's current context", load: () => import("./commands/prime.js") },
  whoami: { describe: "the task session your commands run as, and where it came from", load: () => import("./commands/whoami.js") },
  "mission-control": { describe: "Mission Control: the live read-only dashboard (alias mc)", load: () => import("./commands/mc.js") },
  mc: { describe: "alias of mission-control", load: () => import("./commands/mc.js") },
  log: { describe: "list events (the audit trail) and verify every log's chain", load: () => import("./commands/log.js") },
  audit: { describe: "what each agent run was asked, said, changed in git and cost", load: () => import("./commands/audit.js") },
  sync: { describe: "share maestro state through git: commit .maestro/, pull, check, push", load: () => import("./commands/sync.js") },
  mcp: { describe: "serve the daily loop to an agent over MCP (stdio)", load: () => import("./commands/mcp.js") },
  compact: { describe: "rewrite committed segments into one file per stream", load: () => import("./commands/compact.js") },
};

/**
 * Runs one command line; returns its exit code. The bin passes nothing (the process's own
 * environment and output); tests pass an `Io` to run a command in-process.
 */
export const main = async (argv: readonly string[], world?: Io): Promise<number> => {
  useIo(world);
  try {
    return await run(argv);
  } catch (e) {
    return reportError(e, { json: argv.includes("--json"), verbose: argv.includes("--verbose") });
  } finally {
    useIo(undefined);
  }
};

/** `--file -` (stdin) as `--file=-`: yargs would take a lone `-` for a positional argument. */
const stdinFlags = (argv: readonly string[]): string[] =>
  argv.flatMap((a, i) => (a === "-" && (argv[i - 1] === "--file" || argv[i - 1] === "-f") ? [] : (a === "--file" || a === "-f") && argv[i + 1] === "-" ? ["--file=-"] : [a]));

/** Edit distance, for "did you mean": a typo is a letter or two away, not any command at all. */
const distance = (a: string, b: string): number => {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
};

const run = async (argv: readonly string[]): Promise<number> => {
  let y: Argv = yargs()
    .scriptName("maestro")
    .version(VERSION)
    .alias("v", "version")
    .help()
    .alias("h", "help")
    .option("json", { type: "boolean", describe: "machine-readable output (errors too, on stderr)" })
    .option("actor", { type: "string", describe: "who is acting (default: $MAESTRO_ACTOR, an agent session, or user@host)" })
    .option("verbose", { type: "boolean", describe: "print stacks of internal errors" })
    .completion("completion", "print a bash/zsh completion script (add it to your shell profile)")
    .strict()
    .recommendCommands()
    .demandCommand(1, "name a command; see `maestro --help`")
    // laying out help text costs ~25 ms on every run; only do it when help is asked for
    .wrap(argv.includes("--help") || argv.includes("-h") ? Math.min(110, process.stdout.columns ?? 100) : null)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      // (the help of the command being parsed, `maestro task claim --help`, not the group's: the
      // leading words, the second only if it is a sub-command's name and not what was refused)
      const firstFlag = argv.findIndex((a) => a.startsWith("-"));
      const words = firstFlag === -1 ? argv : argv.slice(0, firstFlag);
      const unknown = /^Unknown arguments?: (.*)$/.exec(msg)?.[1]?.split(", ") ?? [];
      const path = words.slice(0, 2).filter((w, i) => i === 0 || (/^[a-z][a-z-]*$/.test(w) && !unknown.includes(w)));
      // (yargs' recommendCommands: a mistyped sub-command, said as the top level says one)
      const near = /^Did you mean (\S+)\?$/.exec(msg)?.[1];
      if (near) throw new InvalidInput({ condition: "UsageError", message: `unknown command "${words[1]}"; did you mean \`maestro ${words[0]} ${near}\`?; see \`maestro ${words[0]} --help\`` });
      throw new InvalidInput({ condition: "UsageError", message: msg.includes("see `maestro") ? msg : `${msg}; see \`${["maestro", ...path, "--help"].join(" ")}\`` });
    });
  const first = argv.find((a) => !a.startsWith("-"));
  if (first !== undefined && !Object.hasOwn(GROUPS, first) && first !== "completion") {
    const near = Object.keys(GROUPS).filter((g) => distance(g, first) <= Math.max(1, Math.floor(g.length / 3)));
    throw new InvalidInput({ condition: "UsageError", message: `unknown command "${first}"${near.length ? `; did you mean \`maestro ${near[0]}\`?` : ""}; see \`maestro --help\`` });
  }
  const group = first !== undefined ? GROUPS[first] : undefined;
  if (group) y = (await group.load()).register(y);
  else for (const [name, g] of Object.entries(GROUPS)) y = y.command(name, g.describe, (b) => b, () => undefined);
  // (with a callback, yargs hands over what it would print, help and version, instead of logging it)
  let failure: unknown;
  await y.parseAsync(stdinFlags(argv), {}, (e, _args, output) => {
    failure = e ?? undefined;
    if (output && !e) out(output.endsWith("\n") ? output : `${output}\n`);
  });
  if (failure) throw failure;
  return 0;
};
