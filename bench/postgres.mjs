// A throwaway PostgreSQL for a benchmark's system controller: the one the test suites start.
import { startThrowawayPostgres } from '../test-support/postgres-server.mjs';

/** Starts a cluster and resolves with a fresh database's URL on it and `stop()`. */
export async function startBenchPostgres() {
  const server = await startThrowawayPostgres();
  return { url: server.createDatabase('murmur_bench'), stop: () => server.stop() };
}
