import pg from 'pg';
import type { HeldLock, SessionLocks } from './session-locks.js';

/** Locks are advisory locks under this first key (hashed), the second being the hashed lock name. */
const NAMESPACE = 'murmur';

/**
 * PostgreSQL session advisory locks on a connection of their own (named `murmur-locks-<pid>`), opened at the first
 * `tryHold`. PostgreSQL frees them when the connection ends, so a process killed outright frees its locks at once.
 * When the connection fails, every lock it held is lost (each holder is told); the next `tryHold` connects again.
 */
export function pgSessionLocks(url: string): SessionLocks {
  let session: Promise<pg.Client> | null = null;
  /** The locks held, with whom to tell when they are lost; and those being asked for. */
  const held = new Map<string, () => void>();
  const asking = new Set<string>();

  function drop(c: Promise<pg.Client>): void {
    if (session !== c) return;
    session = null;
    const lostOnes = [...held.values()];
    held.clear();
    for (const lost of lostOnes) lost();
    void c.then((client) => client.end()).catch(() => undefined);
  }

  function connection(): Promise<pg.Client> {
    if (session) return session;
    const client = new pg.Client({
      connectionString: url, application_name: `murmur-locks-${process.pid}`, keepAlive: true,
      query_timeout: 10_000, connectionTimeoutMillis: 10_000,
    });
    const opened = client.connect().then(() => client);
    session = opened;
    client.on('error', () => drop(opened));
    client.on('end', () => drop(opened));
    opened.catch(() => drop(opened));
    return opened;
  }

  return {
    async tryHold(name, onLost) {
      // A second ask of this process while one is held or asked for never takes the lock twice over.
      if (held.has(name) || asking.has(name)) return null;
      asking.add(name);
      const opened = connection();
      let client: pg.Client;
      try {
        client = await opened;
        const result = await client.query<{ ok: boolean }>(
          'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as ok', [NAMESPACE, name],
        );
        if (result.rows[0]?.ok !== true || session !== opened) return null;
      } finally {
        asking.delete(name);
      }
      const lost = () => onLost();
      held.set(name, lost);
      const release = async (): Promise<void> => {
        if (held.get(name) !== lost || session !== opened) return;
        held.delete(name);
        await client.query('select pg_advisory_unlock(hashtext($1), hashtext($2))', [NAMESPACE, name]).catch(() => undefined);
      };
      return { release } satisfies HeldLock;
    },
    async close() {
      const c = session;
      session = null;
      held.clear();
      await c?.then((client) => client.end()).catch(() => undefined);
    },
  };
}
