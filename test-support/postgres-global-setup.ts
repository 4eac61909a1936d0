import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { freePort } from './free-port.js';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a throwaway PostgreSQL cluster's admin database, or null when PostgreSQL is switched off. */
    pgAdminUrl: string | null;
  }
}

function findBinary(name: string): string | null {
  const which = spawnSync('which', [name], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const version of readdirSync(root).sort().reverse()) {
    const candidate = path.join(root, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

function ensurePostgresInstalled(): { initdb: string; pgCtl: string } {
  let initdb = findBinary('initdb');
  let pgCtl = findBinary('pg_ctl');
  if (initdb && pgCtl) return { initdb, pgCtl };
  if (process.getuid?.() !== 0) {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them with: sudo apt-get install -y postgresql');
  }
  console.log('[tests] installing PostgreSQL: apt-get install -y postgresql');
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  initdb = findBinary('initdb');
  pgCtl = findBinary('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('apt-get installed postgresql but initdb/pg_ctl are still not found');
  return { initdb, pgCtl };
}

/**
 * Starts a throwaway PostgreSQL cluster for the run (initdb refuses root, so it runs as the
 * `postgres` user) and stops it afterwards. MURMUR_TEST_PG_URL points the suites at an existing
 * server instead; MURMUR_TEST_PG=off skips the PostgreSQL suites, loudly.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env['MURMUR_TEST_PG'] === 'off') {
    console.warn('[tests] MURMUR_TEST_PG=off: the PostgreSQL suites are SKIPPED');
    project.provide('pgAdminUrl', null);
    return async () => undefined;
  }
  const given = process.env['MURMUR_TEST_PG_URL'];
  if (given) {
    project.provide('pgAdminUrl', given);
    return async () => undefined;
  }
  const { initdb, pgCtl } = ensurePostgresInstalled();
  const root = mkdtempSync(path.join(os.tmpdir(), 'murmur-pg-'));
  chmodSync(root, 0o755);
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const data = path.join(root, 'data');
  const port = await freePort();
  run(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  run(pgCtl, [
    '-D', data, '-l', path.join(root, 'server.log'), '-w', '-t', '60',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
    'start',
  ]);
  project.provide('pgAdminUrl', `postgres://postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    try {
      run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  };
}
