import pg from 'pg';
import { PostgresDialect, type Dialect } from 'kysely';

const INT8_OID = 20;

/** Epoch-millisecond columns are bigint; they fit a JS number for the next 285,000 years. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export interface PostgresPool {
  readonly pool: pg.Pool;
  readonly dialect: Dialect;
}

/** A connection pool to PostgreSQL, from a `postgres://` URL. */
export function createPostgresDialect(url: string, maxConnections = 10): PostgresPool {
  const pool = new pg.Pool({ connectionString: url, max: maxConnections, types, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  return { pool, dialect: new PostgresDialect({ pool }) };
}
