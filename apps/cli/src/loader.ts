// The `maestro` bin: runs the CJS bundle through vm.Script with V8's code cache, so a cold
// start skips compiling ~1 MB of JavaScript (Node 20 has no module compile cache of its
// own). A missing or rejected cache only costs speed; it is rewritten when possible. Built
// as CommonJS too: Node starts a CommonJS main faster than an ES module one.
import { readFileSync, writeFileSync, writeSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Script } from "node:vm";
import { WRAPPER_HEAD } from "./bundle-wrapper.js";

declare const MAESTRO_VERSION: string;
declare const __dirname: string;

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  writeSync(1, `${MAESTRO_VERSION}\n`);
  process.exit(0);
}

const bundle = join(__dirname, "maestro.cjs");
const cacheFile = `${bundle}.cache`;
let cachedData: Buffer | undefined;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  // first run after a build
}
// the build checks that the bundle is ASCII, so latin1 reads it exactly, and faster than utf8
const wrapper = `${WRAPPER_HEAD}${readFileSync(bundle, "latin1")}\n})`;
const script = new Script(wrapper, { filename: bundle, ...(cachedData ? { cachedData } : {}) });
const mod = { exports: {} as { run?: () => Promise<void> } };
script.runInThisContext()(mod.exports, createRequire(bundle), mod, bundle, __dirname);
// a command whose work was left pending with nothing to wait on would end with exit 0 and
// no output; say so instead
let finished = false;
process.once("exit", () => {
  if (finished) return;
  process.stderr.write("error: this is a bug in maestro: it stopped before the command finished\n");
  process.exitCode = 70;
});
void mod.exports.run!().then(() => {
  finished = true;
  if (!cachedData || script.cachedDataRejected) {
    try {
      writeFileSync(cacheFile, script.createCachedData());
    } catch {
      // a read-only install still runs, just without the cache
    }
  }
});
