// `install` / `uninstall`: a lean maestro block in each agent's instruction file, between
// markers, so it can be found, replaced and removed exactly; `prime`: what the calling agent
// needs to know right now, in a couple of thousand tokens at most.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { InvalidInput } from "@maestro/core/errors";
import type { AgentName } from "@maestro/core/handoff/events";
import { projectRootOf } from "@maestro/store/workspace";
import { ensureGlobalConfig } from "./config.js";
import type { Ctx } from "./context.js";
import { installHook, maestroOnPath, uninstallHook } from "./hooks.js";
import { installSkills, uninstallSkills } from "./skills-install.js";
import { installMcp, uninstallMcp } from "./mcp-install.js";

export const BEGIN = "<!-- maestro:begin (managed by `maestro install`; `maestro uninstall` removes it) -->";
export const END = "<!-- maestro:end -->";

export const BLOCK = `${BEGIN}
## maestro: shared state for this project's agents

You share tasks, missions and handoffs with other agents through the \`maestro\` CLI. Use it; do not keep private todo lists.

- Start: \`maestro prime\` (your claimed task, its continuation, your handoff and feature). If you hold nothing: \`maestro task ready --claim\`.
- A handoff brief came on stdin? It is also at \`maestro handoff pickup --id <id>\` (exactly once).
- While working, keep the continuation fresh so the next agent can resume:
  \`maestro task update <id> --current-state "..." --next-action "..." --add-decision "..."\`
- Finish: \`maestro task update <id> --status completed --reason "..." --receipt <commit>\`.
- Mission features: report with \`maestro reply write <feature> --mission <id> --outcome completed --file report.json\`
  (report: salientSummary, assumptions[], scopeDeclaration{}, verificationResults[{check, passed}], ...). Failed gates send it back.
- Blocked? \`maestro task block <blocker> <yours>\`. Never edit .maestro/ by hand.
- Exit 3: another session won the claim; take another task.
${END}
`;

const FILES: Record<AgentName, { project: string; global: string }> = {
  codex: { project: "AGENTS.md", global: join(".codex", "AGENTS.md") },
  claude: { project: "CLAUDE.md", global: join(".claude", "CLAUDE.md") },
  gemini: { project: "GEMINI.md", global: join(".gemini", "GEMINI.md") },
};

export interface InstallOptions {
  readonly agents: readonly AgentName[];
  readonly scope: "project" | "global";
  readonly dryRun: boolean;
  /** also register `maestro mcp` with each host */
  readonly mcp?: boolean;
}

const targetOf = (ctx: Ctx, agent: AgentName, scope: "project" | "global") =>
  scope === "project" ? join(projectRootOf(ctx.cwd), FILES[agent].project) : join(ctx.env["HOME"] ?? homedir(), FILES[agent].global);

/** The file's text without our block; the block is always written as "\n" + BLOCK at the end of existing text. */
const without = (text: string): string | undefined => {
  const b = text.indexOf(BEGIN);
  if (b === -1) return undefined;
  const e = text.indexOf(END, b);
  if (e === -1) throw new InvalidInput({ condition: "FileNotEditable", message: `found "${BEGIN}" without its end marker; fix the file by hand` });
  let end = e + END.length;
  if (text[end] === "\n") end++;
  const start = b > 0 && text[b - 1] === "\n" ? b - 1 : b;
  return text.slice(0, start) + text.slice(end);
};

// Every file is read and checked by a dry run before any is written: a refused install or
// uninstall (a settings file that is not JSON, a block without its end marker) changes nothing.
export const install = async (ctx: Ctx, o: InstallOptions) => {
  if (!o.dryRun) await installAll(ctx, { ...o, dryRun: true });
  return installAll(ctx, o);
};

export const uninstall = (ctx: Ctx, o: InstallOptions) => {
  if (!o.dryRun) uninstallAll(ctx, { ...o, dryRun: true });
  return uninstallAll(ctx, o);
};

const installAll = async (ctx: Ctx, o: InstallOptions) => {
  const config = (await ensureGlobalConfig(ctx, o.dryRun));
  const files = o.agents.map((agent) => {
    const path = targetOf(ctx, agent, o.scope);
    const before = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    const base = before === undefined ? undefined : (without(before) ?? before);
    const after = base === undefined || base === "" ? BLOCK : `${base}\n${BLOCK}`;
    const action = before === after ? "unchanged" : before === undefined ? "created" : before.includes(BEGIN) ? "updated" : "added";
    if (!o.dryRun && action !== "unchanged") {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, after);
    }
    return { agent, path, action };
  });
  const onPath = maestroOnPath(ctx);
  const hooks = o.agents.flatMap((agent) => installHook(ctx, agent, o.scope, o.dryRun, onPath));
  const skills = installSkills(ctx, o.agents, o.scope, o.dryRun);
  const mcp = o.mcp ? o.agents.map((agent) => installMcp(ctx, agent, o.scope, o.dryRun)) : [];
  // (the project's files call `maestro` by name: say so where it would not run here)
  const notes =
    o.scope === "project" && !onPath
      ? [
          `\`maestro\` is not on PATH here: the hooks${o.mcp ? " and MCP servers" : ""} in the project's files call it by name, as they will on a teammate's machine. Put it on PATH (\`npm install -g maestro-conductor\`); until then Claude Code runs this bundle from .claude/settings.local.json (yours alone), and \`maestro install --global\` does the same for the other hosts in your own settings.`,
        ]
      : [];
  return { config, files, hooks, skills, mcp, notes, dryRun: o.dryRun };
};

const uninstallAll = (ctx: Ctx, o: InstallOptions) => [
  ...o.agents.map((agent) => {
    const path = targetOf(ctx, agent, o.scope);
    if (!existsSync(path)) return { agent, path, action: "absent" };
    const rest = without(readFileSync(path, "utf8"));
    if (rest === undefined) return { agent, path, action: "no block" };
    if (!o.dryRun) rest === "" ? rmSync(path) : writeFileSync(path, rest);
    const what = rest === "" ? "file" : "block";
    return { agent, path, action: o.dryRun ? `would remove ${what}` : `removed ${what}` };
  }),
  ...o.agents.flatMap((agent) => uninstallHook(ctx, agent, o.scope, o.dryRun)),
  ...uninstallSkills(ctx, o.agents, o.scope, o.dryRun).map((s) => ({ agent: s.skill, path: s.path, action: s.action })),
  // (an MCP registration is removed whether or not --mcp is given: uninstall takes back all of install)
  ...o.agents.map((agent) => uninstallMcp(ctx, agent, o.scope, o.dryRun)),
];

