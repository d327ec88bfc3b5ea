// Workspace use cases: init, and finding the workspace a command runs in.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { NotFound } from "@maestro/core/errors";
import { findWorkspace, MAESTRO_DIR, projectRootOf, type Workspace } from "@maestro/store/workspace";
import { GIT_ATTRIBUTES } from "@maestro/store/writer";
import type { Ctx } from "./context.js";

export const requireWorkspace = (ctx: Ctx): Workspace => {
  const ws = findWorkspace(ctx.cwd);
  if (!ws) throw new NotFound({ condition: "WorkspaceNotFound", message: `no maestro workspace here or above ${ctx.cwd}; run \`maestro init\` in your project` });
  return ws;
};

/** Creates `.maestro/` at the project root (a worktree's main checkout). Idempotent. */
export const initWorkspace = (ctx: Ctx): { root: string; dir: string; created: boolean } => {
  const existing = findWorkspace(ctx.cwd);
  if (existing) return { ...existing, created: false };
  const root = projectRootOf(ctx.cwd);
  const dir = join(root, MAESTRO_DIR);
  for (const sub of ["missions", "tasks", "memory"]) mkdirSync(join(dir, sub), { recursive: true });
  // caches, locks and this clone's writer state are per machine; the logs are meant to be committed
  const ignore = join(dir, ".gitignore");
  if (!existsSync(ignore)) writeFileSync(ignore, ".cache/\n.local/\n*.lock\n*.quarantine\n*.set-aside\n");
  const attributes = join(dir, ".gitattributes");
  if (!existsSync(attributes)) writeFileSync(attributes, `${GIT_ATTRIBUTES}\n`);
  return { root, dir, created: true };
};
