// Bundles the CLI into dist/ with esbuild, so nothing is resolved from node_modules at run
// time; also bundles the writer and replay helpers that tests and benchmarks spawn.
import { build } from "esbuild";
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
rmSync(`${root}dist`, { recursive: true, force: true });
const version = JSON.parse(readFileSync(`${root}apps/cli/package.json`, "utf8")).version;

// Everything in dist/ is CommonJS (dist/package.json says so): Node starts a CommonJS main
// faster than an ES module one.
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minifySyntax: true,
  minifyWhitespace: true,
  minifyIdentifiers: true,
  legalComments: "none",
  logLevel: "warning",
  define: { MAESTRO_VERSION: JSON.stringify(version), "import.meta.url": "__maestroUrl" },
  banner: { js: 'const __maestroUrl = require("node:url").pathToFileURL(__filename).href;' },
};

// Edits to dependency sources at bundle time, each checked: a dependency upgrade that moves
// the text fails the build instead of silently dropping the edit.
const patches = [
  // blessed reads its bundled terminfo (usr/) relative to its own files: point it at dist/blessed/
  { file: /blessed[\\/]lib[\\/]tput\.js$/, edits: [[/__dirname/g, 'require("node:path").join(__dirname, "blessed", "lib")']] },
  // yargs lays out a command's whole help text after starting its handler, in case the handler
  // fails and wants to show it (~35 ms a run); maestro never prints help on a failure
  { file: /yargs[\\/]build[\\/]lib[\\/]command\.js$/, edits: [["yargs.getInternalMethods().getUsageInstance().cacheHelpMessage();", ""]] },
  // yargs' default version option looks for a package.json above the running script to guess a
  // version (a directory walk and a read per run); maestro sets its own
  { file: /yargs[\\/]build[\\/]lib[\\/]yargs-factory\.js$/, edits: [["        yargs.help();\n        yargs.version();\n", "        yargs.help();\n"]] },
  // yargs' Node shim makes process.stdout (to read its width) and loads node:assert when it is
  // evaluated, ~8 ms a run: ask for the width when help is laid out, load assert when a check fails
  {
    file: /yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/,
    edits: [
      ["import { notStrictEqual, strictEqual } from 'assert'\n", ""],
      // (yargs checks on every parse; assert itself is loaded only to throw its error)
      ["    notStrictEqual,\n    strictEqual\n", "    notStrictEqual: (a, b, m) => { if (Object.is(a, b)) require('assert').notStrictEqual(a, b, m) },\n    strictEqual: (a, b, m) => { if (!Object.is(a, b)) require('assert').strictEqual(a, b, m) }\n"],
      ["    stdColumns: typeof process.stdout.columns", "    get stdColumns() { return typeof process.stdout.columns"],
      ["process.stdout.columns : null\n", "process.stdout.columns : null },\n"],
    ],
  },
];
const patchSources = {
  name: "patch-sources",
  setup(b) {
    for (const p of patches)
      b.onLoad({ filter: p.file }, (args) => {
        let text = readFileSync(args.path, "utf8");
        for (const [from, to] of p.edits) {
          if (!(typeof from === "string" ? text.includes(from) : text.search(from) !== -1)) throw new Error(`patch for ${args.path} no longer applies: ${from}`);
          text = text.replaceAll(from, to);
        }
        return { contents: text, loader: "js" };
      });
  },
};

// string-width builds an Intl.Segmenter (ICU data) when its module is evaluated; yargs and
// cliui import it (two versions) but measure text only to lay out help. Defer each until its
// first call, which keeps ~30 ms off every command.
const lazyStringWidth = {
  name: "lazy-string-width",
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } });
      return { path: real.path, namespace: "lazy-string-width" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-string-width" }, (args) => ({
      contents: `let m; export default function stringWidth(...a) { return (m ??= require(${JSON.stringify(args.path)})).default(...a); }`,
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

// nanoid's Node build loads node:crypto when it is evaluated (~6 ms a run); its browser build
// asks the global Web Crypto (Node 20 has it) on the first id, which only writes need
const nanoidWebCrypto = {
  name: "nanoid-web-crypto",
  setup(b) {
    b.onResolve({ filter: /^nanoid$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: { real: true } });
      return { path: join(dirname(real.path), "index.browser.js") };
    });
  },
};

// the guards reads check log lines with, generated from the event Schemas (packages/core/src/guard.ts)
const gen = mkdtempSync(join(tmpdir(), "maestro-gen-"));
await build({ ...common, entryPoints: { "gen-guards": "scripts/gen-guards.ts" }, outdir: gen });
execFileSync(process.execPath, [join(gen, "gen-guards.js"), `${root}packages/core/src/guards.generated.ts`], { stdio: "inherit" });
rmSync(gen, { recursive: true, force: true });

// the CLI: one bundle (lazily imported modules stay unevaluated until used) and a small
// loader that runs it with V8's code cache
await build({
  ...common,
  entryPoints: { maestro: "apps/cli/src/bin.ts" },
  outfile: "dist/maestro.cjs",
  // (external: nothing at run time reads it but a --verbose stack, output.ts)
  sourcemap: "external",
  // optional peers of blessed's Terminal widget, which Mission Control does not use
  external: ["term.js", "pty.js"],
  plugins: [patchSources, lazyStringWidth, nanoidWebCrypto],
});
// the loader reads the bundle as latin1, which is exact only for ASCII (esbuild escapes the rest)
if (readFileSync(`${root}dist/maestro.cjs`).some((b) => b > 0x7f)) throw new Error("dist/maestro.cjs is not ASCII");
await build({ ...common, entryPoints: { maestro: "apps/cli/src/loader.ts" }, outfile: "dist/maestro.js", banner: {} });
// test and bench helpers that drive the engine and store directly, as separate processes
await build({ ...common, entryPoints: { "fault-writer": "scripts/fault/writer.ts", "bench-replay": "scripts/bench/replay.ts" }, outdir: "dist" });
// dist/ is also the package people install (`npm install -g ./dist`, or `npm pack ./dist`): the
// bundle needs nothing from node_modules; the test and bench helpers stay out of it
const cli = JSON.parse(readFileSync(`${root}apps/cli/package.json`, "utf8"));
const manifest = {
  name: "maestro-conductor",
  version: cli.version,
  description: "A local-first conductor for multi-agent software engineering: one CLI and an event-sourced store that agents share through git",
  type: "commonjs",
  bin: { maestro: "maestro.js" },
  files: ["maestro.js", "maestro.cjs", "maestro.cjs.cache", "maestro.cjs.map", "blessed/"],
  engines: { node: ">=20.19" },
  license: "MIT",
};
writeFileSync(`${root}dist/package.json`, JSON.stringify(manifest, null, 2) + "\n");
// blessed's terminfo data, where the patched tput.js looks for it
const blessedDir = join(createRequire(`${root}apps/dashboard/package.json`).resolve("blessed/package.json"), "..");
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
