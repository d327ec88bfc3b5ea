// Writes the maestro skills where the hosts look for them: `.claude/skills/` (Claude Code) and
// `.agents/skills/` (Codex, Gemini CLI), in the project or (`--global`) the home folder. A
// manifest in $MAESTRO_HOME keeps the hash of each file written, so a reinstall replaces only
// files nobody edited and an uninstall removes exactly what install wrote.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { AgentName } from "@maestro/core/handoff/events";
import { projectRootOf } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";
import { SKILLS, skillFile } from "./skills.js";

const sha = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");
const manifestPath = (ctx: Ctx) => join(ctx.home, "installed-skills.json");
const readManifest = (ctx: Ctx): Record<string, string> => {
  try {
    return JSON.parse(readFileSync(manifestPath(ctx), "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
};
const writeManifest = (ctx: Ctx, m: Record<string, string>) => {
  mkdirSync(ctx.home, { recursive: true });
  writeFileSync(manifestPath(ctx), JSON.stringify(m, null, 2) + "\n");
};

/** The skills folders for these agents: Claude Code reads .claude/skills, Codex and Gemini CLI .agents/skills. */
const rootsOf = (ctx: Ctx, agents: readonly AgentName[], scope: "project" | "global") => {
  const base = scope === "project" ? projectRootOf(ctx.cwd) : (ctx.env["HOME"] ?? homedir());
  return [...new Set(agents.map((a) => (a === "claude" ? ".claude" : ".agents")))].map((d) => join(base, d, "skills"));
};

export const installSkills = (ctx: Ctx, agents: readonly AgentName[], scope: "project" | "global", dryRun: boolean) => {
  const manifest = readManifest(ctx);
  const results = rootsOf(ctx, agents, scope).flatMap((root) =>
    SKILLS.map((s) => {
      const path = join(root, s.name, "SKILL.md");
      const want = skillFile(s);
      const have = existsSync(path) ? readFileSync(path, "utf8") : undefined;
      const action = have === want ? "unchanged" : have === undefined ? "created" : manifest[path] === sha(have) ? "updated" : "kept (edited by you)";
      if (action === "created" || action === "updated") {
        if (!dryRun) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, want);
        }
        manifest[path] = sha(want);
      } else if (action === "unchanged") manifest[path] = sha(want);
      return { skill: s.name, path, action: `skill ${action}` };
    }),
  );
  if (!dryRun) writeManifest(ctx, manifest);
  return results;
};

export const uninstallSkills = (ctx: Ctx, agents: readonly AgentName[], scope: "project" | "global", dryRun: boolean) => {
  const manifest = readManifest(ctx);
  const results = rootsOf(ctx, agents, scope).flatMap((root) =>
    SKILLS.map((s) => {
      const path = join(root, s.name, "SKILL.md");
      if (!existsSync(path)) return { skill: s.name, path, action: "no skill" };
      if (manifest[path] !== sha(readFileSync(path))) return { skill: s.name, path, action: "skill kept (edited by you, or not ours)" };
      if (!dryRun) {
        rmSync(path);
        delete manifest[path];
        // the folders install made, when nothing else is in them
        for (const dir of [dirname(path), root, dirname(root)]) if (existsSync(dir) && readdirSync(dir).length === 0) rmdirSync(dir);
      }
      return { skill: s.name, path, action: dryRun ? "would remove skill" : "removed skill" };
    }),
  );
  if (!dryRun) writeManifest(ctx, manifest);
  return results;
};
