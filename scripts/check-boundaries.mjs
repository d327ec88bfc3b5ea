// Keeps imports pointing the way DESIGN.md §1 draws them: apps -> engine -> {core, store,
// handoff, bundle}; store/handoff/bundle -> core; core imports nothing of ours and no node:*.
// Source imports another package by module (`@maestro/core/mission/queries`), not through its
// index: in the bundle a module is evaluated only when a command reaches it, and an index would
// evaluate every module it re-exports. (Tests may use the index.)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const allowed = {
  "packages/core": [],
  "packages/store": ["core"],
  "packages/handoff": ["core"],
  "packages/bundle": ["core"],
  "packages/engine": ["core", "store", "handoff", "bundle"],
  "packages/testkit": ["core"],
  // the CLI launches Mission Control, so it may load the dashboard app
  "apps/cli": ["core", "engine", "dashboard"],
  "apps/dashboard": ["core", "engine"],
};
const problems = [];
const walk = (dir) => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : n.endsWith(".ts") ? [join(dir, n)] : []));
for (const [pkg, deps] of Object.entries(allowed)) {
  let files = [];
  try {
    files = walk(join(root, pkg, "src"));
  } catch {
    continue;
  }
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
      const spec = m[1];
      const where = relative(root, file);
      if (spec.startsWith("@maestro/")) {
        const [name, ...rest] = spec.slice("@maestro/".length).split("/");
        if (!rest.length) problems.push(`${where}: import ${spec}/<module>, not the package index`);
        else if (!existsSync(join(root, Object.keys(allowed).find((p) => p.endsWith(`/${name}`)) ?? "", "src", `${rest.join("/")}.ts`)))
          problems.push(`${where}: ${spec} names no module`);
        if (!deps.includes(name)) problems.push(`${where}: ${pkg} may not import @maestro/${name}`);
      }
      if (pkg === "packages/core" && spec.startsWith("node:")) problems.push(`${where}: core is pure and may not import ${spec}`);
    }
  }
}
// Reads must not load effect's Schema (ParseResult, SchemaAST, Data come with it): it costs more
// than a small read does in all. Reads decode log lines with generated guards (core/codec.ts)
// and reach Schema only through dynamic imports. So the modules a read command's module loads
// when it is evaluated (static, non-type imports, followed) must not include these.
const readPaths = ["mission", "milestone", "feature", "validate", "checkpoint", "task", "log", "principle", "memory", "reply", "prime", "handoff", "status", "doctor", "install", "uninstall", "config"].map((g) => `apps/cli/src/commands/${g}.ts`);
const heavy = ["effect/Schema", "effect/ParseResult", "effect/SchemaAST", "effect/Data"];
const staticImports = (file) => {
  const text = readFileSync(file, "utf8");
  const out = [];
  for (const m of text.matchAll(/^import\s+(type\s+)?([^"';]*?)\s*(?:from\s*)?["']([^"']+)["'];/gms)) {
    if (m[1]) continue;
    const names = /^\{([^}]*)\}$/.exec(m[2].trim());
    if (names && names[1].split(",").every((n) => !n.trim() || n.trim().startsWith("type "))) continue;
    out.push(m[3]);
  }
  return out;
};
const resolve = (from, spec) => {
  if (spec.startsWith(".")) return join(from, "..", spec.replace(/\.js$/, ".ts"));
  if (!spec.startsWith("@maestro/")) return undefined;
  const [name, ...rest] = spec.slice("@maestro/".length).split("/");
  const pkg = Object.keys(allowed).find((p) => p.endsWith(`/${name}`));
  return pkg && join(root, pkg, "src", `${rest.join("/")}.ts`);
};
for (const entry of readPaths) {
  const seen = new Map([[join(root, entry), [entry]]]);
  for (const [file, chain] of seen)
    for (const spec of staticImports(file)) {
      if (heavy.includes(spec)) problems.push(`${entry} loads ${spec} when evaluated: ${[...chain, spec].join(" -> ")}`);
      const next = resolve(file, spec);
      if (next && !seen.has(next)) seen.set(next, [...chain, relative(root, next)]);
    }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("import boundaries ok");
