import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './postgres-server.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a throwaway PostgreSQL cluster's admin database, or null when PostgreSQL is switched off. */
    pgAdminUrl: string | null;
  }
}

/**
 * Starts a throwaway PostgreSQL cluster for the run (`postgres-server.mjs`) and stops it afterwards.
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
  const server = await startThrowawayPostgres();
  project.provide('pgAdminUrl', server.url);
  return () => server.stop();
}
