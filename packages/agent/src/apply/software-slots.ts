import { readReleaseMetadata, type ReleaseMetadata } from '@murmuration/core/software';
import { type VerifiedRelease } from '@murmuration/release';
import { mkdir, open, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runHook } from './run-hook.js';

/** What a host runs: the release in its active slot, and the one in the other slot. */
export interface SlotState {
  readonly running: string | null;
  readonly previous: string | null;
}

type Slot = 'a' | 'b';
const COMPLETE = '.complete';

/** A failed install: why, after the host was put back on its old slot, and what the hook that failed wrote. */
export class InstallFailed extends Error {
  override readonly name = 'InstallFailed';
  constructor(
    message: string,
    readonly hookOutput: string | null = null,
  ) {
    super(message);
  }
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

  /**
   * Makes a release already in a slot the running one, with its hooks, as an install would
   * minus the unpacking: its pre-install hook in its slot, the switch (none when it is active
   * already), its post-install hook. A failure leaves the host on the slot it ran and throws
   * InstallFailed; so does a release in neither slot.
   */
  async activate(releaseId: string): Promise<void> {
    const active = await this.active();
    const other: Slot = active === 'a' ? 'b' : 'a';
    const slot =
      active !== null && (await this.releaseIn(active)) === releaseId
        ? active
        : (await this.releaseIn(other)) === releaseId
          ? other
          : null;
    if (slot === null) throw new InstallFailed(`${releaseId} is in neither slot`);
    const dir = this.slotDir(slot);
    const metadata = readReleaseMetadata(await readFile(path.join(dir, 'metadata.json'), 'utf8'));
    await hook('pre-install', dir, metadata);
    await this.switchAndFinish(active, slot, metadata, false);
  }

  /**
   * Installs a verified release: unpack into the inactive slot, run its pre-install hook,
   * switch, run its post-install hook. Any failure puts the host back on the slot it ran and
   * throws InstallFailed with the reason; the slot left behind is not whole.
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
    await hook('pre-install', dir, release.metadata);
    // Marked whole only once unpacked and prepared: a slot without the mark is never switched to.
    await writeFile(path.join(dir, COMPLETE), `${release.sha256}\n`);
    await syncDir(dir);
    await this.switchAndFinish(active, target, release.metadata, true);
  }

  /**
   * Switches to `target` and runs the post-install hook; when it fails, switches back to the
   * slot the host ran, and a release that failed its install loses its mark (it never becomes
   * what a host could switch to), then throws.
   */
  private async switchAndFinish(
    active: Slot | null,
    target: Slot,
    metadata: ReleaseMetadata,
    installed: boolean,
  ): Promise<void> {
    if (target !== active) await this.point(target);
    try {
      await hook('post-install', this.slotDir(target), metadata);
    } catch (error) {
      if (target === active) throw error;
      if (active !== null) await this.point(active);
      else await rm(path.join(this.root, 'active'), { force: true });
      if (installed) {
        await rm(path.join(this.slotDir(target), COMPLETE), { force: true });
        await syncDir(this.slotDir(target));
      }
      throw new InstallFailed(`${(error as Error).message}; switched back`, error instanceof InstallFailed ? error.hookOutput : null);
    }
  }
}

/** Runs the release's hook of that phase, if it has one; throws InstallFailed when it fails. */
async function hook(phase: 'pre-install' | 'post-install', dir: string, metadata: ReleaseMetadata): Promise<void> {
  const script = phase === 'pre-install' ? metadata.hooks.preInstall : metadata.hooks.postInstall;
  if (script === null) return;
  const failure = await runHook(dir, script, metadata.id, metadata.hooks.timeoutSeconds * 1000);
  if (failure !== null) throw new InstallFailed(`${phase} hook ${failure.message}`, failure.output);
}
