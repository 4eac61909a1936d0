import { type VerifiedRelease } from '@murmuration/release';
import { spawn } from 'node:child_process';
import { mkdir, open, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** What a host runs: the release in its active slot, and the one in the other slot. */
export interface SlotState {
  readonly running: string | null;
  readonly previous: string | null;
}

type Slot = 'a' | 'b';
const COMPLETE = '.complete';

/** A failed install: why, after the host was put back on its old slot. */
export class InstallFailed extends Error {
  override readonly name = 'InstallFailed';
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Two slots under the software root and an `active` link naming one of them. A release is
 * unpacked into the inactive slot and marked complete last; the switch is one atomic rename
 * of the link. Whenever the agent stops, the active slot is a whole release: the old one or
 * the new one, never half of either.
 */
export class SoftwareSlots {
  constructor(private readonly root: string) {}

  private slotDir(slot: Slot): string {
    return path.join(this.root, 'slots', slot);
  }

  private async active(): Promise<Slot | null> {
    try {
      const target = await readlink(path.join(this.root, 'active'));
      const slot = path.basename(target);
      return slot === 'a' || slot === 'b' ? slot : null;
    } catch {
      return null;
    }
  }

  /** The release a complete slot holds, or null. */
  private async releaseIn(slot: Slot): Promise<string | null> {
    try {
      await readFile(path.join(this.slotDir(slot), COMPLETE));
      return (JSON.parse(await readFile(path.join(this.slotDir(slot), 'metadata.json'), 'utf8')) as { id: string }).id;
    } catch {
      return null;
    }
  }

  async state(): Promise<SlotState> {
    const active = await this.active();
    if (active === null) return { running: null, previous: null };
    const other: Slot = active === 'a' ? 'b' : 'a';
    return { running: await this.releaseIn(active), previous: await this.releaseIn(other) };
  }

  private async point(slot: Slot): Promise<void> {
    await mkdir(this.root, { recursive: true });
    const temporary = path.join(this.root, `.active.${process.pid}`);
    await rm(temporary, { force: true });
    await symlink(path.join('slots', slot), temporary);
    await rename(temporary, path.join(this.root, 'active'));
    await syncDir(this.root);
  }

  /** Switches to the other slot when it holds `releaseId` (a rollback). False when it does not. */
  async switchTo(releaseId: string): Promise<boolean> {
    const active = await this.active();
    const other: Slot = active === 'b' ? 'a' : 'b';
    if ((await this.releaseIn(other)) !== releaseId) return false;
    await this.point(other);
    return true;
  }

  /**
   * Installs a verified release: unpack into the inactive slot, run its pre-install hook,
   * switch, run its post-install hook. Any failure puts the host back on the slot it ran and
   * throws InstallFailed with the reason.
   */
  async install(release: VerifiedRelease): Promise<void> {
    const active = await this.active();
    const target: Slot = active === 'a' ? 'b' : 'a';
    const dir = this.slotDir(target);
    await rm(dir, { recursive: true, force: true });
    for (const [file, data] of release.files) {
      const where = path.join(dir, file);
      await mkdir(path.dirname(where), { recursive: true });
      await writeFile(where, data, { mode: file.startsWith('hooks/') ? 0o755 : 0o644 });
    }
    const { hooks, id } = release.metadata;
    const timeoutMs = hooks.timeoutSeconds * 1000;
    if (hooks.preInstall !== null) {
      const failure = await runHook(dir, hooks.preInstall, id, timeoutMs);
      if (failure !== null) throw new InstallFailed(`pre-install hook ${failure}`);
    }
    // Marked whole only once unpacked and prepared: a slot without the mark is never switched to.
    await writeFile(path.join(dir, COMPLETE), `${release.sha256}\n`);
    await syncDir(dir);
    await this.point(target);
    if (hooks.postInstall !== null) {
      const failure = await runHook(dir, hooks.postInstall, id, timeoutMs);
      if (failure !== null) {
        if (active !== null) await this.point(active);
        else await rm(path.join(this.root, 'active'), { force: true });
        throw new InstallFailed(`post-install hook ${failure}; switched back`);
      }
    }
  }
}

/** Runs a hook of the release in its slot; null when it succeeded, else what went wrong. */
function runHook(slotDir: string, hook: string, releaseId: string, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', [path.join(slotDir, hook)], {
      cwd: slotDir,
      env: { ...process.env, MURMUR_RELEASE: releaseId, MURMUR_SLOT: slotDir },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-400)));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      resolve(`${hook} did not finish within ${timeoutMs / 1000} s and was killed`);
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve(`${hook} could not run: ${error.message}`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(null);
      else resolve(`${hook} failed (${signal ?? `exit ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`);
    });
  });
}
