// Installs the workspace's dependencies with the pinned pnpm, on a machine that has only
// Node and npm. Idempotent: a second run is a quick no-op check by pnpm itself.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const pm = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).packageManager;
const args = ["install", "--frozen-lockfile", "--prefer-offline", "--reporter=silent"];
const onPath = (() => {
  try {
    return execFileSync("pnpm", ["--version"], { encoding: "utf8" }).trim() === pm.split("@")[1];
  } catch {
    return false;
  }
})();
const [cmd, argv] = onPath ? ["pnpm", args] : ["npx", ["-y", pm, ...args]];
execFileSync(cmd, argv, { stdio: "inherit", cwd: new URL("..", import.meta.url) });

// the Mission Control test drives a real terminal through tmux; CI machines start without it
const has = (bin, args) => {
  try {
    execFileSync(bin, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
if (!has("tmux", ["-V"]) && process.getuid?.() === 0 && has("apt-get", ["--version"])) {
  console.log("setup: installing tmux (apt-get) for the terminal tests");
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "tmux"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
}
