// Bundles the CLI into dist/ with esbuild: one entry file plus lazily loaded chunks, with no
// node_modules resolution at run time. Also bundles the fault-injection writer used by tests.
import { build } from "esbuild";
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";

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
  legalComments: "none",
  logLevel: "warning",
  define: { MAESTRO_VERSION: JSON.stringify(version) },
  // CJS dependencies (proper-lockfile) need a require in an ESM bundle
  banner: { js: 'import { createRequire as __cr } from "node:module"; const require = __cr(import.meta.url);' },
};

await build({
  ...common,
  entryPoints: { maestro: "apps/cli/src/bin.ts" },
  outdir: "dist",
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
});
await build({ ...common, entryPoints: { "fault-writer": "scripts/fault/writer.ts" }, outdir: "dist" });
// the bin needs its shebang on line 1, above esbuild's banner
const bin = `${root}dist/maestro.js`;
writeFileSync(bin, "#!/usr/bin/env node\n" + readFileSync(bin, "utf8"));
chmodSync(bin, 0o755);
