import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const LOCK_FILE = '.lock';
const POLL_MS = 25;
/** Generating a bundle takes about a second; a lock this old was left by a process that died. */
const STALE_AFTER_MS = 60_000;
const GIVE_UP_AFTER_MS = 2 * STALE_AFTER_MS;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function isStale(path: string): boolean {
  try {
    const pid = Number(readFileSync(path, 'utf8'));
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
      }
    }
    return Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS;
  } catch {
    // Gone: released meanwhile, so the next attempt may take it.
    return false;
  }
}

/**
 * Runs `fn` while holding an exclusive lock file inside `dir`, so that processes starting together
 * (Jest workers, `npm start`, containers sharing a volume) never write the same files at once.
 * The lock lives inside `dir` rather than beside it because `dir` may be a volume mount point
 * whose parent is not ours to write. A lock whose process is gone is broken; in the rare case of
 * two processes breaking the same stale lock at once, the caller's final check catches the result.
 */
export function withDirLock<T>(dir: string, fn: () => T): T {
  const path = join(dir, LOCK_FILE);
  const giveUpAt = Date.now() + GIVE_UP_AFTER_MS;
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (isStale(path)) {
        rmSync(path, { force: true });
        continue;
      }
      if (Date.now() > giveUpAt) {
        throw new Error(`${path} is held by another process (remove it if none is running)`);
      }
      sleepSync(POLL_MS);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(path, { force: true });
  }
}
