import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { findPostgresBinary, startThrowawayPostgres } from './throwaway-postgres.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a throwaway PostgreSQL cluster's admin database, or null when PostgreSQL is switched off. */
    pgAdminUrl: string | null;
  }
}

function ensurePostgresInstalled(): { initdb: string; pgCtl: string } {
  let initdb = findPostgresBinary('initdb');
  let pgCtl = findPostgresBinary('pg_ctl');
  if (initdb && pgCtl) return { initdb, pgCtl };
  if (process.getuid?.() !== 0) {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them with: sudo apt-get install -y postgresql');
  }
  console.log('[tests] installing PostgreSQL: apt-get install -y postgresql');
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  initdb = findPostgresBinary('initdb');
  pgCtl = findPostgresBinary('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('apt-get installed postgresql but initdb/pg_ctl are still not found');
  return { initdb, pgCtl };
}

/**
 * Starts a throwaway PostgreSQL cluster for the run (`throwaway-postgres.mjs`) and stops it afterwards.
 * MURMUR_TEST_PG_URL points the suites at an existing server instead; MURMUR_TEST_PG=off skips the
 * PostgreSQL suites, loudly.
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
  const cluster = await startThrowawayPostgres({ initdb, pgCtl, maxConnections: 300 });
  project.provide('pgAdminUrl', cluster.adminUrl);
  return async () => cluster.stop();
}
