import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { adminToken, murmur, readOpenrc, startController, stopController } from './support/murmur-process.js';

/** Holds a port, as another program would. */
function holdPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

const loginStatus = async (url: string, password: string): Promise<number> =>
  (
    await fetch(`${url}/identity/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: 'admin', password, domain: { name: 'Default' } } } } } }),
    })
  ).status;

describe('the admin credential: never lost on a failed first start, and recoverable from the data directory', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-admin-'));
  const data = path.join(dir, 'data');
  const openrc = path.join(data, 'openrc');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the first start\'s password in the openrc when the port is taken, and the next start accepts it', async () => {
    const taken = await holdPort();
    try {
      const failed = await murmur(['up', '--data', data, '--listen', `127.0.0.1:${taken.port}`, '--no-agent'], {});
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`127.0.0.1:${taken.port} is already in use by another program`);
      expect(failed.stderr).toContain(`This first start's admin credentials are kept in ${openrc}`);
    } finally {
      taken.server.close();
    }
    expect(existsSync(path.join(data, 'controller.lock'))).toBe(false);
    const kept = readOpenrc(openrc);
    expect(kept['OS_PASSWORD']).toMatch(/^\S{20,}$/);
    const again = await startController(['--data', data]);
    try {
      expect(again.adminPassword).toBeNull();
      expect(again.stderr()).toContain(`murmur: admin credentials in ${openrc}`);
      expect(await loginStatus(again.url, kept['OS_PASSWORD']!)).toBe(201);
    } finally {
      expect(await stopController(again)).toEqual({ code: 0, signal: null });
    }
  });

  it('refuses to reset the password while the controller runs, changing nothing', async () => {
    const running = await startController(['--data', data]);
    try {
      const before = readOpenrc(openrc);
      const refused = await murmur(['admin', 'reset-password', '--data', data], {});
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`the controller using ${data} is running (pid ${running.process.pid}): stop it first`);
      expect(readOpenrc(openrc)).toEqual(before);
      expect(await loginStatus(running.url, before['OS_PASSWORD']!)).toBe(201);
    } finally {
      await stopController(running);
    }
  });

  it('resets it on a stopped controller: a new password in the openrc, the old one refused, the reset in the intact audit log', async () => {
    const old = readOpenrc(openrc)['OS_PASSWORD']!;
    const reset = await murmur(['admin', 'reset-password', '--data', data], {});
    expect(reset.code).toBe(0);
    const shown = /New password \(shown only now\): (\S+)/.exec(reset.stderr)?.[1];
    const vars = readOpenrc(openrc);
    expect(shown).toBe(vars['OS_PASSWORD']);
    expect(shown).not.toBe(old);
    const controller = await startController(['--data', data]);
    try {
      expect(await loginStatus(controller.url, old)).toBe(401);
      expect(await loginStatus(controller.url, shown!)).toBe(201);
      const env = { ...vars, OS_AUTH_URL: `${controller.url}/identity/v3`, XDG_CACHE_HOME: path.join(dir, 'cache') };
      const entries = JSON.parse((await murmur(['audit', 'list', '--long', '-f', 'json'], env)).stdout) as Array<Record<string, string>>;
      expect(entries.find((e) => e['Detail'] === 'password of admin reset from the data directory')).toMatchObject({ Path: '/admin/reset-password', Source: 'local' });
      const verify = await murmur(['audit', 'verify'], env);
      expect(verify.stdout).toMatch(/^Audit log intact/);
      expect(await adminToken(controller.url, shown!)).toBeTruthy();
    } finally {
      await stopController(controller);
    }
  });

  it('says what is wrong with a data directory that holds no controller', async () => {
    const empty = await murmur(['admin', 'reset-password', '--data', path.join(dir, 'nothing-here')], {});
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(`no controller database at ${path.join(dir, 'nothing-here', 'murmur.db')}`);
  });
});
