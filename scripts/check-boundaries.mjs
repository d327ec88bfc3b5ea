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
if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("import boundaries ok");
