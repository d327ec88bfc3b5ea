// The per-stream writer lock (git's lockfile idea): a `.lock` file, created whole and
// exclusively (link(2) of a filled temp file), naming its holder by pid, host and process
// start time. It is exact, never judged by age: a holder that is dead on this host (or whose
// pid now names another process) is broken at once; a live holder, even a paused one, is
// waited for and never broken. The body gets `stillHeld()` to re-check ownership right before
// it writes. Readers never lock.
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import * as Either from "effect/Either";
import { parseDuration } from "@maestro/core/duration";
import { Conflict, FAULT_CODES, InvalidInput } from "@maestro/core/errors";

/**
 * How a writer waits on a live holder before it gives up (never breaking the lock):
 * `MAESTRO_LOCK_WAIT`, milliseconds or a duration (`5000`, `30s`, `2m`); a value that is neither
 * is refused, not taken for the default.
 */
const waitBoundMs = (env: NodeJS.ProcessEnv = process.env) => {
  const text = env["MAESTRO_LOCK_WAIT"]?.trim();
  if (!text) return 60_000;
  const n = Number(text);
  if (Number.isInteger(n) && n >= 0) return n;
  return Either.getOrThrowWith(parseDuration("MAESTRO_LOCK_WAIT", text), () => new InvalidInput({ condition: "InvalidValue", message: `MAESTRO_LOCK_WAIT takes milliseconds or a duration (5000, 30s, 2m), got ${JSON.stringify(text)}` }));
};

/** How long a writer waits on another's lock before it says so (a held lock is otherwise a silent stall). */
const SAY_WAITING_AFTER_MS = 1000;

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** the process's start time as the OS counts it (Linux: clock ticks since boot), so a reused pid is not taken for the holder */
  readonly start?: string;
  readonly at: string;
  /** this acquisition's nonce: what `stillHeld` compares */
  readonly token: string;
}

/** When a process started, as /proc says (undefined where there is no /proc: the pid alone is checked). */
export const processStart = (pid: number): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the command name may hold spaces and parentheses: fields are counted after its last ')'
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
};

/** Whether a process runs; a zombie (exited, not yet reaped: no init reaps in some containers) does not. */
export const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
};

export const readLockOwner = (lockPath: string): LockOwner | undefined => {
  try {
    const o = JSON.parse(readFileSync(lockPath, "utf8")) as LockOwner;
    return typeof o.pid === "number" && typeof o.host === "string" ? o : undefined;
  } catch {
    return undefined;
  }
};

/** What holds a lock: a live process, a dead one (break it), or one this host cannot judge. */
export type Holder = { readonly state: "alive" | "dead"; readonly owner: LockOwner } | { readonly state: "foreign"; readonly owner: LockOwner } | { readonly state: "unknown" };

export const holderOf = (lockPath: string): Holder => {
  const owner = readLockOwner(lockPath);
  if (!owner) return { state: "unknown" };
  if (owner.host !== hostname()) return { state: "foreign", owner };
  const started = owner.start === undefined ? undefined : processStart(owner.pid);
  const live = alive(owner.pid) && (started === undefined || started === owner.start);
  return { state: live ? "alive" : "dead", owner };
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Removes a dead holder's lock, unless another writer broke and re-took it meanwhile. */
const breakLock = (lockPath: string, dead: LockOwner) => {
  const aside = `${lockPath}.${process.pid}.${randomBytes(4).toString("hex")}.broken`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return; // someone else broke it first
  }
  const moved = readLockOwner(aside);
  // (a live lock taken between our read and the rename goes back; its holder re-checks before writing anyway)
  if (moved?.token !== dead.token) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // a third writer holds it now; the one whose file this was will see it is not its own
    }
  }
  rmSync(aside, { force: true });
};

const describeHolder = (h: Holder, lockPath: string) =>
  h.state === "unknown"
    ? `${lockPath} names no holder maestro can read; remove it if no maestro command is running`
    : h.state === "foreign"
      ? `held by pid ${h.owner.pid} on host ${h.owner.host} (not this host: maestro cannot tell whether it runs); remove ${lockPath} if it does not`
      : `held by pid ${h.owner.pid} since ${h.owner.at}, which is running (a paused process, Ctrl-Z, keeps its lock: resume it with \`fg\` or \`kill -CONT ${h.owner.pid}\`)`;

export const withLock = async <A>(lockPath: string, label: string, body: (stillHeld: () => boolean) => A | Promise<A>, warn?: (message: string) => void): Promise<A> => {
  // (read first: a bad value is refused before anything is made)
  const bound = waitBoundMs();
  mkdirSync(dirname(lockPath), { recursive: true });
  const start = processStart(process.pid);
  const owner: LockOwner = { pid: process.pid, host: hostname(), ...(start !== undefined ? { start } : {}), at: new Date().toISOString(), token: randomBytes(8).toString("hex") };
  const tmp = `${lockPath}.${process.pid}.${owner.token}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(owner));
  } catch (e) {
    // (a full disk leaves nothing behind)
    rmSync(tmp, { force: true });
    throw e;
  }
  const started = Date.now();
  let said = false;
  try {
    for (let delay = 1; ; delay = Math.min(delay * 2, 16)) {
      try {
        linkSync(tmp, lockPath);
        break;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? "";
        // (a lock that cannot be made on this disk is the disk's answer, not a lost race)
        if (code !== "EEXIST") throw FAULT_CODES.includes(code) ? e : new Conflict({ condition: "LockUnavailable", message: `could not lock ${label}: ${(e as Error).message}` });
      }
      const holder = holderOf(lockPath);
      if (holder.state === "dead") {
        breakLock(lockPath, holder.owner);
        continue;
      }
      const waited = Date.now() - started;
      if (!said && waited >= SAY_WAITING_AFTER_MS) {
        said = true;
        warn?.(`waiting for ${label}: another maestro command holds its lock (${describeHolder(holder, lockPath)})`);
      }
      if (waited >= bound) throw new Conflict({ condition: "LockUnavailable", message: `could not lock ${label} within ${Math.round(bound / 1000)}s: ${describeHolder(holder, lockPath)}` });
      await sleep(delay);
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  const stillHeld = () => readLockOwner(lockPath)?.token === owner.token;
  try {
    // (awaited here, so the lock is held until an async body is done)
    return await body(stillHeld);
  } finally {
    if (stillHeld()) rmSync(lockPath, { force: true });
  }
};
