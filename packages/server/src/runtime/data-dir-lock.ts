import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** The process that holds a data directory, as its lock file says. */
export interface LockHolder {
  readonly pid: number;
  readonly startedAt?: string;
}

export class LockRefused extends Error {
  override readonly name = 'LockRefused';
  constructor(
    message: string,
    /** The live controller that holds the directory; null when two processes raced for it. */
    readonly holder: LockHolder | null = null,
  ) {
    super(message);
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A recycled pid that now belongs to another program does not hold our lock.
  try {
    return /node|murmur/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true;
  }
}

function holderOf(file: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Takes the data directory for this process. A second controller on the same directory is
 * refused with the holder's pid; a lock left by a controller that died (kill -9, power loss)
 * is taken over.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'controller.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (holderOf(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(file);
      if (holder && alive(holder.pid)) {
        throw new LockRefused(
          `another controller (pid ${holder.pid}, started ${holder.startedAt ?? 'at an unknown time'}) is already using ${dataDir}; ` +
            `stop it first, or give this one its own --data directory (lock file: ${file})`,
          holder,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new LockRefused(`could not take the lock file ${file}; another controller is starting on ${dataDir}`);
}
