// Bundles the CLI into dist/ with esbuild, so nothing is resolved from node_modules at run
// time; also bundles the writer and replay helpers that tests and benchmarks spawn.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
const version = JSON.parse(readFileSync(`${root}apps/cli/package.json`, "utf8")).version;

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: "none",
  logLevel: "warning",
  define: { MAESTRO_VERSION: JSON.stringify(version) },
  // CJS dependencies (proper-lockfile) need a require in an ESM bundle
  banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
};

// blessed reads its bundled terminfo (usr/) relative to its own files: point it at dist/blessed/
const blessedDir = join(createRequire(`${root}apps/dashboard/package.json`).resolve("blessed/package.json"), "..");
const blessedData = {
  name: "blessed-data",
  setup(b) {
    b.onLoad({ filter: /blessed[\\/]lib[\\/]tput\.js$/ }, (args) => ({
      contents: readFileSync(args.path, "utf8").replaceAll("__dirname", 'require("node:path").join(__dirname, "blessed", "lib")'),
      loader: "js",
    }));
  },
};

// the CLI: one CommonJS file (lazily imported modules stay unevaluated until used) and a
// small ESM loader that runs it with V8's code cache
await build({
  ...common,
  entryPoints: { maestro: "apps/cli/src/bin.ts" },
  outfile: "dist/maestro.cjs",
  format: "cjs",
  define: { ...common.define, "import.meta.url": "__maestroUrl" },
  // optional peers of blessed's Terminal widget, which Mission Control does not use
  external: ["term.js", "pty.js"],
  plugins: [blessedData],
  banner: { js: 'const __maestroUrl = require("node:url").pathToFileURL(__filename).href;' },
});
await build({ ...common, entryPoints: { maestro: "apps/cli/src/loader.ts" }, outfile: "dist/maestro.js", banner: {} });
// test and bench helpers that drive the engine and store directly, as separate processes
await build({ ...common, entryPoints: { "fault-writer": "scripts/fault/writer.ts", "bench-replay": "scripts/bench/replay.ts" }, outdir: "dist" });
cpSync(join(blessedDir, "usr"), `${root}dist/blessed/usr`, { recursive: true });
const bin = `${root}dist/maestro.js`;
writeFileSync(bin, "#!/usr/bin/env node\n" + readFileSync(bin, "utf8"));
chmodSync(bin, 0o755);
// warm the code cache with a real command, so it covers what commands compile lazily
const warm = mkdtempSync(join(tmpdir(), "maestro-warm-"));
// (it exits 2, "no workspace", after loading everything a command loads)
try {
  execFileSync(process.execPath, [bin, "mission", "list"], { cwd: warm, env: { ...process.env, MAESTRO_HOME: warm }, stdio: "ignore" });
} catch {
  // expected
}
rmSync(warm, { recursive: true, force: true });
