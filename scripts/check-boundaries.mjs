// Keeps imports pointing the way DESIGN.md §1 draws them: apps -> engine -> {core, store,
// handoff, bundle}; store/handoff/bundle -> core; core imports nothing of ours and no node:*.
// Nobody deep-imports another package's files.
import { readdirSync, readFileSync, statSync } from "node:fs";
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
        if (rest.length) problems.push(`${where}: deep import ${spec}`);
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
