// The per-stream writer lock (git's lockfile idea, via proper-lockfile): an exclusive
// `.lock` directory (per clone, under `.maestro/.local/locks/`) whose mtime the holder refreshes; a holder that died stops
// refreshing, and its lock is broken once it is older than STALE_MS. Readers never lock.
import { accessSync, constants, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { hostname } from "node:os";
import { Conflict, FAULT_CODES } from "@maestro/core/errors";

export const STALE_MS = 10_000;

/** Who holds a lock, for `doctor`: a holder killed mid-append leaves it behind with a dead pid. */
export const lockOwnerPathOf = (lockPath: string) => `${lockPath}.owner`;

/** How long a writer waits on another's lock before it says so (a held lock is otherwise a silent stall). */
const SAY_WAITING_AFTER_MS = 1000;

export const withLock = async <A>(lockPath: string, label: string, body: () => A | Promise<A>, warn?: (message: string) => void): Promise<A> => {
  // loaded on the first write: proper-lockfile brings graceful-fs, which patches fs and loads
  // streams and assert, ~6 ms that no read needs
  const { default: lockfile } = await import("proper-lockfile");
  // proper-lockfile retries every error: a disk that refuses writes would be polled for seconds
  accessSync(dirname(lockPath), constants.W_OK);
  let release: () => Promise<void>;
  const waiting = warn && setTimeout(() => warn(`waiting for ${label}: another maestro command holds its lock (${lockOwnerPathOf(lockPath)})`), SAY_WAITING_AFTER_MS);
  try {
    release = await lockfile.lock(lockPath, {
      realpath: false,
      lockfilePath: lockPath,
      stale: STALE_MS,
      // contention is short (one fsync'd write); poll quickly, and wait out a dead holder
      retries: { retries: 5000, factor: 1.2, minTimeout: 1, maxTimeout: 8, randomize: true },
    });
  } catch (e) {
    clearTimeout(waiting);
    // (a lock that cannot be made on this disk is the disk's answer, not a lost race)
    if (FAULT_CODES.includes((e as NodeJS.ErrnoException).code ?? "")) throw e;
    throw new Conflict({ condition: "LockUnavailable", message: `could not lock ${label}: ${(e as Error).message}` });
  }
  clearTimeout(waiting);
  const owner = lockOwnerPathOf(lockPath);
  try {
    writeFileSync(owner, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
    // (awaited here, so the lock is held until an async body is done)
    return await body();
  } finally {
    rmSync(owner, { force: true });
    await release().catch(() => undefined);
  }
};
