// Config files: `$MAESTRO_HOME/config.yaml` (global) and `.maestro/config.yaml` (project),
// read and written as YAML, checked key by key against core's table.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as Either from "effect/Either";
import { checkConfigValue, flattenConfig, parseConfigText, resolveConfig, unflattenConfig, type ConfigValue } from "@maestro/core/config";
import { withCodecs } from "@maestro/core/codec";
import { InvalidInput } from "@maestro/core/errors";
import { findWorkspace } from "@maestro/store/workspace";
import type { Ctx } from "./context.js";

export const globalConfigPath = (ctx: Ctx) => join(ctx.home, "config.yaml");
export const projectConfigPath = (ctx: Ctx): string | undefined => {
  const ws = findWorkspace(ctx.cwd);
  return ws ? join(ws.dir, "config.yaml") : undefined;
};

/** The YAML library, loaded only where a config file is read or written (most commands have none to read). */
const yaml = () => import("yaml");

const readLayer = async (path: string | undefined): Promise<Record<string, unknown>> => {
  if (!path || !existsSync(path)) return {};
  let doc: unknown;
  const { parse } = await yaml();
  try {
    doc = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InvalidInput({ condition: "InvalidFile", message: `${path}: not valid YAML (${(e as Error).message.split("\n")[0]})` });
  }
  if (doc !== null && doc !== undefined && (typeof doc !== "object" || Array.isArray(doc))) throw new InvalidInput({ condition: "InvalidFile", message: `${path}: the top level must be a mapping of keys` });
  return flattenConfig(doc);
};

/** Every key's value and where it came from; a value its guard does not vouch for is checked by its Schema (loaded then). */
export const loadConfig = async (ctx: Ctx, flags: Record<string, unknown> = {}): Promise<Record<string, ConfigValue>> => {
  const projectPath = projectConfigPath(ctx);
  const layers = { global: await readLayer(globalConfigPath(ctx)), project: await readLayer(projectPath), env: ctx.env, flags, globalPath: globalConfigPath(ctx), projectPath: projectPath ?? "(no project)" };
  return withCodecs(() => Either.getOrThrowWith(resolveConfig(layers), (e) => e));
};

export const setConfig = async (ctx: Ctx, key: string, text: string, scope: "global" | "project") => {
  const path = scope === "global" ? globalConfigPath(ctx) : projectConfigPath(ctx);
  if (!path) throw new InvalidInput({ condition: "UsageError", message: "no maestro workspace here for --project; run `maestro init` or use --global" });
  const value = await withCodecs(() => Either.getOrThrowWith(checkConfigValue(key, parseConfigText(text), `config set ${key}`), (e) => e));
  const flat = { ...(await readLayer(path)), [key]: value };
  const { stringify } = await yaml();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, stringify(unflattenConfig(flat)));
  return { key, value, path };
};

/** Writes the global config with every default, if it does not exist yet. */
export const ensureGlobalConfig = async (ctx: Ctx, dryRun: boolean): Promise<{ path: string; created: boolean }> => {
  const path = globalConfigPath(ctx);
  if (existsSync(path)) return { path, created: false };
  if (!dryRun) {
    mkdirSync(dirname(path), { recursive: true });
    const defaults = Object.fromEntries(Object.entries((await loadConfig({ ...ctx, env: {} }))).map(([k, v]) => [k, v.value]));
    const { stringify } = await yaml();
    writeFileSync(path, `# maestro global config; precedence: flag > env > project .maestro/config.yaml > this file > defaults\n${stringify(unflattenConfig(defaults))}`);
  }
  return { path, created: true };
};
