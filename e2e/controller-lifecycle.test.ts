import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { murmur, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

describe('murmur up: first start, second start refused, graceful stop, restart', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-life-'));
  const data = path.join(dir, 'data');
  const env = { XDG_CACHE_HOME: path.join(dir, 'cache') };
  let first: RunningController;

  beforeAll(async () => {
    first = await startController(['--data', data]);
  });
  afterAll(async () => {
    if (first) await stopController(first, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the admin password once and writes a 0600 openrc with the OS_* variables', () => {
    expect(first.adminPassword).toMatch(/^\S{20,}$/);
    const openrc = path.join(data, 'openrc');
    expect(statSync(openrc).mode & 0o777).toBe(0o600);
    const vars = readOpenrc(openrc);
    expect(vars).toMatchObject({
      OS_AUTH_URL: `${first.url}/identity/v3`,
      OS_USERNAME: 'admin',
      OS_PASSWORD: first.adminPassword!,
      OS_PROJECT_NAME: 'admin',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
      OS_REGION_NAME: 'RegionOne',
      OS_IDENTITY_API_VERSION: '3',
    });
  });

  it('serves `murmur system show` and `system modify` to the openrc credentials', async () => {
    const creds = { ...env, ...readOpenrc(path.join(data, 'openrc')) };
    const show = await murmur(['system', 'show'], creds);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^\| Property\s+\| Value\s+\|$/m);
    expect(show.stdout).toMatch(/^\| system_mode\s+\| simplex\s+\|$/m);
    const modify = await murmur(['system', 'modify', 'description=Edge site 7', 'location=Montreal'], creds);
    expect(modify.code).toBe(0);
    expect(modify.stdout).toMatch(/^\| description\s+\| Edge site 7\s+\|$/m);
    const value = await murmur(['system', 'show', '-f', 'value', '-c', 'location'], creds);
    expect(value.stdout.trim()).toBe('Montreal');
  });

  it('refuses a second controller on the same data directory, and names the holder', async () => {
    const second = await murmur(['up', '--data', data, '--listen', '127.0.0.1:0'], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`another controller (pid ${first.process.pid}`);
    expect(second.stderr).toContain(data);
  });

  it('finishes in-flight requests on SIGTERM, exits 0 and releases the lock', async () => {
    const creds = readOpenrc(path.join(data, 'openrc'));
    const login = () =>
      fetch(`${first.url}/identity/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password: creds['OS_PASSWORD'], domain: { name: 'Default' } } } } },
        }),
      }).then((r) => r.status);
    // Open the connections first, so that the logins below reach the server at once; each login
    // then spends tens of milliseconds in scrypt, which is when the signal arrives.
    await Promise.all(Array.from({ length: 8 }, () => fetch(`${first.url}/health`).then((r) => r.text())));
    const inFlight = Array.from({ length: 8 }, login);
    await new Promise((r) => setTimeout(r, 50));
    const exit = stopController(first, 'SIGTERM');
    expect(await Promise.all(inFlight)).toEqual(Array(8).fill(201));
    expect(await exit).toEqual({ code: 0, signal: null });
    expect(existsSync(path.join(data, 'controller.lock'))).toBe(false);
  });

  it('restarts on the same data: no new password, the data is still there', async () => {
    const again = await startController(['--data', data]);
    try {
      expect(again.adminPassword).toBeNull();
      expect(again.stderr()).not.toContain('first start');
      const creds = { ...env, ...readOpenrc(path.join(data, 'openrc')), OS_AUTH_URL: `${again.url}/identity/v3` };
      const value = await murmur(['system', 'show', '-f', 'value', '-c', 'description'], creds);
      expect(value.stdout.trim()).toBe('Edge site 7');
    } finally {
      expect(await stopController(again)).toEqual({ code: 0, signal: null });
    }
  });
});

describe('murmur up: bad settings', () => {
  it('refuses bad flags with a message naming them (exit 2) and an unreachable database (exit 1), leaving no lock', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-bad-'));
    try {
      const listen = await murmur(['up', '--data', dir, '--listen', 'nonsense'], {});
      expect(listen.code).toBe(2);
      expect(listen.stderr).toContain('--listen must be HOST:PORT');
      const database = await murmur(['up', '--data', dir, '--database', 'mysql://db/x'], {});
      expect(database.code).toBe(2);
      expect(database.stderr).toContain('--database must be a postgres:// URL');
      const down = await murmur(['up', '--data', dir, '--listen', '127.0.0.1:0', '--database', 'postgres://postgres@127.0.0.1:1/none'], {});
      expect(down.code).toBe(1);
      expect(down.stderr).toContain('the database cannot be reached');
      expect(existsSync(path.join(dir, 'controller.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
