import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase, testDialects, type TestDatabase } from '../test-support/databases.js';
import { adminToken, murmur, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

describe.each(testDialects())('kill -9 during a stream of writes (%s)', (dialect) => {
  let db: TestDatabase;
  let running: RunningController | null = null;

  afterEach(async () => {
    if (running) await stopController(running, 'SIGKILL');
    await db?.drop();
  });

  it('keeps every acknowledged write and an intact audit chain', async () => {
    db = await freshDatabase(dialect);
    const data = path.join(db.dir, 'data');
    const args = ['--data', data, ...(db.location.kind === 'postgres' ? ['--database', db.location.url] : [])];
    running = await startController(args);
    const token = await adminToken(running.url, running.adminPassword!);
    const url = running.url;

    // Four clients create projects as fast as they can; a 201 is an acknowledged write.
    const acknowledged: string[] = [];
    let stop = false;
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const name = `crash-${n}-${i}`;
        try {
          const res = await fetch(`${url}/identity/v3/projects`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-auth-token': token },
            body: JSON.stringify({ project: { name } }),
          });
          if (res.status === 201) acknowledged.push(name);
          else await res.text();
        } catch {
          return; // the controller is gone: this write was never acknowledged
        }
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    while (acknowledged.length < 150) await new Promise((r) => setTimeout(r, 10));
    const killed = running;
    killed.process.kill('SIGKILL');
    expect((await killed.exited).signal).toBe('SIGKILL');
    stop = true;
    await Promise.all(clients);
    running = null;

    running = await startController(args);
    expect(running.adminPassword).toBeNull();
    const creds = { ...readOpenrc(path.join(data, 'openrc')), OS_AUTH_URL: `${running.url}/identity/v3`, XDG_CACHE_HOME: path.join(db.dir, 'cache') };

    const list = await murmur(['identity', 'project', 'list', '-f', 'value', '-c', 'Name'], creds);
    expect(list.code).toBe(0);
    const present = new Set(list.stdout.split('\n'));
    const lost = acknowledged.filter((name) => !present.has(name));
    expect(lost).toEqual([]);

    const verify = await murmur(['audit', 'verify'], creds);
    expect(verify.stdout).toContain('Audit log intact');
    expect(verify.code).toBe(0);

    const entries = await murmur(['audit', 'list', '--outcome', '201', '--limit', '10000', '-f', 'value', '-c', 'Path'], creds);
    const created = entries.stdout.split('\n').filter((p) => p === '/identity/v3/projects').length;
    expect(created).toBeGreaterThanOrEqual(acknowledged.length);
  });
});
