import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, type FixtureName } from './fixtures/fixture-catalogue.js';
import { writeFixture } from './fixtures/write-fixture.js';

/** The trees discovery reads: the machine's own `/sys`, `/proc`, `/etc` and `/dev`, or a fixture's. */
export interface DiscoveryRoots {
  readonly sys: string;
  readonly proc: string;
  readonly etc: string;
  readonly dev: string;
}

/** The machine the agent runs on. */
export function hostRoots(): DiscoveryRoots {
  return { sys: '/sys', proc: '/proc', etc: '/etc', dev: '/dev' };
}

export const FIXTURE_NAMES = Object.keys(FIXTURES) as FixtureName[];

/**
 * The trees of a shipped fixture, laid out once per content under the temporary directory
 * (a change to a fixture's description lays it out anew).
 */
export async function fixtureRoots(name: string, baseDir = path.join(os.tmpdir(), 'murmur-fixtures')): Promise<DiscoveryRoots> {
  if (!(name in FIXTURES)) throw new Error(`no fixture named ${JSON.stringify(name)}; known: ${FIXTURE_NAMES.join(', ')}`);
  const spec = FIXTURES[name as FixtureName];
  const digest = createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 12);
  const root = path.join(baseDir, `${name}-${digest}`);
  if (!existsSync(path.join(root, 'complete'))) {
    // Laid out beside the final place and renamed into it, so that concurrent agents never read half a tree.
    const scratch = `${root}.${process.pid}.${Date.now()}`;
    await mkdir(baseDir, { recursive: true });
    await writeFixture(spec, scratch);
    await writeFile(path.join(scratch, 'complete'), '');
    try {
      await rename(scratch, root);
    } catch {
      await rm(scratch, { recursive: true, force: true });
    }
  }
  return { sys: path.join(root, 'sys'), proc: path.join(root, 'proc'), etc: path.join(root, 'etc'), dev: path.join(root, 'dev') };
}
