// A throwaway PostgreSQL for a benchmark's system controller: the one the test suites start.
import { startThrowawayPostgres } from '../test-support/postgres-server.mjs';

/** Starts a cluster and resolves with a fresh database's URL on it and `stop()`. */
export async function startBenchPostgres() {
  const server = await startThrowawayPostgres();
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query('create database murmur_bench');
  await admin.end();
  return { url: server.url.replace(/\/postgres$/, '/murmur_bench'), stop: () => server.stop() };
}
