// maestro's settings: one table of keys, each with its environment variable, default and (in
// config-schema.ts) its Schema. Layers are merged with flag > env > project > global >
// defaults, and every value remembers where it came from. An invalid value is an error naming
// the key and its source. Values are checked by guards generated from their Schemas, like log
// lines (codec.ts), so reading the config loads no Schema unless a value fails its guard.
import * as Either from "effect/Either";
import { CodecNeeded } from "./codec.js";
import { InvalidInput } from "./errors.js";
import { compileGuard, type Guard } from "./guard.js";
import { CONFIG_GUARDS } from "./guards.generated.js";

interface KeyDef {
  readonly env: string;
  readonly default: unknown;
  readonly describe: string;
}

const agentKeys = (agent: string, bin: string, model: string | null): Record<string, KeyDef> => ({
  [`agents.${agent}.bin`]: { env: `MAESTRO_${agent.toUpperCase()}_BIN`, default: bin, describe: `the ${agent} binary` },
  [`agents.${agent}.model`]: { env: `MAESTRO_${agent.toUpperCase()}_MODEL`, default: model, describe: `default model for ${agent}` },
  [`agents.${agent}.args`]: { env: `MAESTRO_${agent.toUpperCase()}_ARGS`, default: [], describe: `extra argv for ${agent} (approval, sandbox flags); env: a JSON array` },
});

/** What `notify.<event>` can tell: a claim taken, a claim taken over (an expired lease, or forced), a reply a gate kicked back, a handoff run that ended, a merge conflict. */
export const NOTIFY_EVENTS = ["claim", "reclaim", "kickback", "handoffExit", "conflict"] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

export const CONFIG_KEYS: Readonly<Record<string, KeyDef>> = {
  ...agentKeys("codex", "codex", "gpt-5.4"),
  ...agentKeys("claude", "claude", "opus"),
  ...agentKeys("gemini", "gemini", null),
  "tasks.leaseTtl": { env: "MAESTRO_LEASE_TTL", default: "2h", describe: "how long a claim holds without its holder doing anything: then its lease has expired, and a claim takes it over (audited)" },
  "handoff.timeout": { env: "MAESTRO_HANDOFF_TIMEOUT", default: null, describe: "default --timeout for handoff runs" },
  "budget.mission": { env: "MAESTRO_BUDGET_MISSION", default: null, describe: "what a mission's runs may spend in all ($20, 2m tokens): a launch past it is refused" },
  "budget.handoff": { env: "MAESTRO_BUDGET_HANDOFF", default: null, describe: "what one run may spend ($2, 300k tokens; default for handoff --budget): past it, the run is stopped" },
  ...Object.fromEntries(
    NOTIFY_EVENTS.map((e) => [
      `notify.${e}`,
      { env: `MAESTRO_NOTIFY_${e.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`, default: null, describe: `a shell command run with the ${e} event as JSON on stdin` },
    ]),
  ),
};

/** Keys a user names: `workflows.<name>`, a workflow template of their own (no env variable). */
export const WORKFLOW_KEY = /^workflows\.[a-z0-9]+(-[a-z0-9]+)*$/;
/** `prices.<model>`: dollars per million input/output/cached input tokens, to estimate a cost the agent CLI does not report. */
export const PRICE_KEY = /^prices\.[A-Za-z0-9][\w.:@-]*$/;
/** The table entry a key is checked by: its own, or its family's (`workflows.*`, `prices.*`). */
const schemaKeyOf = (key: string): string | undefined => (Object.hasOwn(CONFIG_KEYS, key) ? key : WORKFLOW_KEY.test(key) ? "workflows.*" : PRICE_KEY.test(key) ? "prices.*" : undefined);

export type ConfigSource = "default" | "global" | "project" | "env" | "flag";
export interface ConfigValue {
  readonly key: string;
  readonly value: unknown;
  readonly source: ConfigSource;
}

/** Nested YAML/JSON object -> dotted keys. */
export const flattenConfig = (obj: unknown, prefix = ""): Record<string, unknown> => {
  if (obj === null || obj === undefined) return {};
  if (typeof obj !== "object" || Array.isArray(obj)) return { [prefix]: obj };
  return Object.fromEntries(Object.entries(obj).flatMap(([k, v]) => Object.entries(v !== null && typeof v === "object" && !Array.isArray(v) ? flattenConfig(v, prefix ? `${prefix}.${k}` : k) : { [prefix ? `${prefix}.${k}` : k]: v })));
};

export const unflattenConfig = (flat: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    const parts = k.split(".");
    let o = out;
    for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
    o[parts.at(-1)!] = v;
  }
  return out;
};

let guards: Map<string, Guard | null> | undefined;
let schemaCheck: ((key: string, value: unknown, where: string) => Either.Either<unknown, InvalidInput>) | undefined;
const loadSchemaCheck = async () => {
  schemaCheck ??= (await import("./config-schema.js")).checkConfigValueSchema;
};

export const checkConfigValue = (key: string, value: unknown, where: string): Either.Either<unknown, InvalidInput> => {
  const schemaKey = schemaKeyOf(key);
  if (schemaKey === undefined) return Either.left(new InvalidInput({ condition: "InvalidValue", message: `${where}: unknown config key "${key}" (known: ${Object.keys(CONFIG_KEYS).join(", ")}, workflows.<name>, prices.<model>)` }));
  guards ??= new Map(Object.entries(CONFIG_GUARDS).map(([k, spec]) => [k, spec === null ? null : compileGuard(spec)]));
  if (guards.get(schemaKey)?.(value)) return Either.right(value);
  // not what the key takes as it is: its Schema says whether it decodes, or why not
  if (!schemaCheck) throw new CodecNeeded("config", loadSchemaCheck);
  return Either.mapLeft(schemaCheck(schemaKey, value, where), (e) => new InvalidInput({ condition: "InvalidValue", message: e.message.replace(`: ${schemaKey}:`, `: ${key}:`) }));
};

/** A value typed on a command line or in an env var: JSON when it parses as an array or null, else the string. */
export const parseConfigText = (text: string): unknown => (/^\s*(\[|null$)/.test(text) ? (() => { try { return JSON.parse(text) as unknown; } catch { return text; } })() : text);

export interface ConfigLayers {
  readonly global: Readonly<Record<string, unknown>>;
  readonly project: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly flags?: Readonly<Record<string, unknown>>;
  readonly globalPath: string;
  readonly projectPath: string;
}

export const resolveConfig = (l: ConfigLayers): Either.Either<Record<string, ConfigValue>, InvalidInput> => {
  for (const [layer, where] of [[l.global, l.globalPath], [l.project, l.projectPath]] as const)
    for (const [k, v] of Object.entries(layer)) {
      const r = checkConfigValue(k, v, where);
      if (Either.isLeft(r)) return Either.left(r.left);
    }
  const out: Record<string, ConfigValue> = {};
  for (const [key, def] of Object.entries(CONFIG_KEYS)) {
    let v: ConfigValue = { key, value: def.default, source: "default" };
    if (key in l.global) v = { key, value: l.global[key], source: "global" };
    if (key in l.project) v = { key, value: l.project[key], source: "project" };
    const envText = l.env[def.env];
    if (envText !== undefined && envText !== "") {
      const r = checkConfigValue(key, parseConfigText(envText), `$${def.env}`);
      if (Either.isLeft(r)) return Either.left(r.left);
      v = { key, value: r.right, source: "env" };
    }
    if (l.flags && key in l.flags) v = { key, value: l.flags[key], source: "flag" };
    out[key] = v;
  }
  // a user's workflow templates and prices: project over global, by name
  for (const [source, layer] of [["global", l.global], ["project", l.project]] as const)
    for (const [key, value] of Object.entries(layer)) if (WORKFLOW_KEY.test(key) || PRICE_KEY.test(key)) out[key] = { key, value, source };
  return Either.right(out);
};
