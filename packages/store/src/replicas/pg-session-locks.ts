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
  const held = new Map<string, () => void>();

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
      if (held.has(name)) return null;
      // Taken here before asking, so that a second ask of this process never takes the lock twice over.
      const lost = () => onLost();
      held.set(name, lost);
      const opened = connection();
      let ok = false;
      try {
        const result = await (await opened).query<{ ok: boolean }>(
          'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as ok', [NAMESPACE, name],
        );
        ok = result.rows[0]?.ok === true;
      } finally {
        if (!ok && held.get(name) === lost) held.delete(name);
      }
      if (!ok || session !== opened || held.get(name) !== lost) return null;
      const client = await opened;
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
