// Notifications without a daemon: the command that records a fact worth telling someone runs
// the user's `notify.<event>` command (config), with the fact as one JSON line on stdin. A
// refused command records nothing and so tells nothing; a notifier that fails is said as a
// warning and never fails the command that already recorded its fact.
import { spawnSync } from "node:child_process";
import type { Ctx } from "./context.js";

import type { NotifyEvent } from "@maestro/core/config";

export const notify = async (ctx: Ctx, event: NotifyEvent, fact: Readonly<Record<string, unknown>>): Promise<void> => {
  const { loadConfig } = await import("./config.js");
  const command = (await loadConfig(ctx))[`notify.${event}`]?.value as string | null | undefined;
  if (!command) return;
  const r = spawnSync("/bin/sh", ["-c", command], {
    input: `${JSON.stringify({ event, at: ctx.now(), actor: ctx.actor, ...fact })}\n`,
    cwd: ctx.cwd,
    env: ctx.env,
    stdio: ["pipe", "ignore", "pipe"],
    timeout: 10_000,
  });
  if (r.error || r.status !== 0) ctx.warn(`notify.${event} (${command}) ${r.error ? `could not run: ${r.error.message}` : `exited ${r.status ?? r.signal}`}: ${r.stderr?.toString().trim().split("\n")[0] ?? ""}`);
};
