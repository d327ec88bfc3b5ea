// Runs maestro's `main` in this process, with a repo's environment and directory, as the bin
// does in a child process minus the process start. For what needs no real process; races,
// kills, agents, tmux and bundles keep spawning the built CLI.
import type { Condition } from "@maestro/core/errors";
import { checkRefusal, type Repo, type RunResult } from "@maestro/testkit";
import { main } from "../src/main.js";

export interface InProcess {
  run(args: readonly string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): Promise<RunResult>;
  /** the same, expecting exit 0; returns stdout */
  ok(args: readonly string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): Promise<string>;
  json<T = any>(args: readonly string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): Promise<T>;
  /** a command that must be refused for `condition` (testkit's checkRefusal); its stderr */
  refused(args: readonly string[], condition: Condition, opts?: { env?: NodeJS.ProcessEnv }): Promise<string>;
}

export const inProcess = (repo: Repo): InProcess => {
  const run: InProcess["run"] = async (args, o = {}) => {
    const chunks: Buffer[] = [];
    let stderr = "";
    const code = await main(args, {
      env: { ...repo.env, ...o.env },
      cwd: o.cwd ?? repo.dir,
      stdout: (bytes, offset) => {
        chunks.push(Buffer.from(bytes.subarray(offset)));
        return bytes.length - offset;
      },
      stderr: (text) => {
        stderr += text;
      },
      tty: false,
    });
    return { code, stdout: Buffer.concat(chunks).toString("utf8"), stderr };
  };
  const self: InProcess = {
    run,
    async ok(args, o) {
      const r = await run(args, o);
      if (r.code !== 0) throw new Error(`maestro ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
      return r.stdout;
    },
    async json(args, o) {
      return JSON.parse(await self.ok([...args, "--json"], o));
    },
    async refused(args, condition, o = {}) {
      const before = repo.logs();
      const human = await run(args, o);
      const json = await run([...args, "--json"], o);
      return checkRefusal(`maestro ${args.join(" ")}`, condition, human, json, before, repo.logs());
    },
  };
  return self;
};
