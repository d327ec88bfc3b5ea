// What install and uninstall take: which agents, which scope, a dry run.
import type { Argv } from "yargs";
import { InvalidInput } from "@maestro/core/errors";
import type { AgentName as Agent } from "@maestro/core/handoff/events";
import { AGENT_NAMES } from "@maestro/core/handoff/values";

export const agentsOf = (a: { readonly agents?: string | undefined }): Agent[] => {
  const names = (a.agents ?? AGENT_NAMES.join(",")).split(",").map((x) => x.trim()).filter(Boolean);
  for (const n of names) if (!(AGENT_NAMES as readonly string[]).includes(n)) throw new InvalidInput({ condition: "InvalidValue", message: `--agents: unknown agent "${n}" (known: ${AGENT_NAMES.join(", ")})` });
  return names as Agent[];
};
export const scopeOf = (a: { readonly global?: boolean | undefined; readonly project?: boolean | undefined }) => {
  if (a.global && a.project) throw new InvalidInput({ condition: "UsageError", message: "pass one of --global or --project" });
  return a.global ? ("global" as const) : ("project" as const);
};
export const installOptions = (y: Argv) =>
  y
    .option("agents", { type: "string", describe: "comma-separated: claude,codex,gemini (default: all)" })
    .option("global", { type: "boolean", describe: "the agents' user-level files (~/.codex/AGENTS.md, ~/.claude/CLAUDE.md, ~/.gemini/GEMINI.md)" })
    .option("project", { type: "boolean", describe: "the project's AGENTS.md, CLAUDE.md, GEMINI.md (default)" })
    .option("dry-run", { type: "boolean", describe: "say what would change; write nothing" });
