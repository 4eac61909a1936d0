import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/main.js';
import { startTestController, type TestController } from '../../server/test/support/test-controller.js';

/** Runs one `murmur` invocation in this process, with what it wrote and its exit status. */
async function murmur(argv: string[]): Promise<{ stdout: string; stderr: string; status: number }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void (stdout += `${args.join(' ')}\n`));
  const previous = process.exitCode;
  process.exitCode = 0;
  try {
    await runCli(argv);
    return { stdout, stderr, status: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = previous;
    out.mockRestore();
    err.mockRestore();
    log.mockRestore();
  }
}

describe('murmur dcmanager join-token against a real controller', () => {
  let t: TestController;
  const saved = { ...process.env };

  beforeAll(async () => {
    t = await startTestController('sqlite');
    const base = await t.controller.listen();
    Object.assign(process.env, {
      OS_AUTH_URL: `${base}/identity/v3`, OS_USERNAME: 'admin', OS_PASSWORD: t.adminPassword, OS_PROJECT_NAME: 'admin',
      MURMUR_NO_CACHE: '1',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await t.close();
  });

  it('creates a token shown once, lists it without the token, and deletes it', async () => {
    const created = await murmur(['dcmanager', 'join-token', 'create', '--description', 'for central', '--expires-in', '2h', '-f', 'json']);
    expect(created.status, created.stderr).toBe(0);
    const token = JSON.parse(created.stdout) as Record<string, string>;
    expect(token).toMatchObject({ state: 'unused', description: 'for central', token: expect.stringMatching(/^mjt-/) });
    expect(Date.parse(token['expires_at']!) - Date.parse(token['created_at']!)).toBe(2 * 3600 * 1000);

    const listed = await murmur(['dcmanager', 'join-token', 'list', '-f', 'json']);
    expect(listed.status, listed.stderr).toBe(0);
    const rows = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
    expect(rows).toEqual([expect.objectContaining({ id: token['id'], state: 'unused', description: 'for central' })]);
    expect(listed.stdout).not.toContain(token['token']);

    const deleted = await murmur(['dcmanager', 'join-token', 'delete', token['id']!]);
    expect(deleted).toMatchObject({ status: 0, stdout: `Join token ${token['id']} deleted.\n` });
    expect(JSON.parse((await murmur(['dcmanager', 'join-token', 'list', '-f', 'json'])).stdout)).toEqual([]);
    const again = await murmur(['dcmanager', 'join-token', 'delete', token['id']!]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('join token not found');
  });

  it('takes 24 hours by default and refuses a lifetime it cannot read or out of range', async () => {
    const created = JSON.parse((await murmur(['dcmanager', 'join-token', 'create', '-f', 'json'])).stdout) as Record<string, string>;
    expect(Date.parse(created['expires_at']!) - Date.parse(created['created_at']!)).toBe(24 * 3600 * 1000);
    for (const wrong of ['soon', '30s', '31d']) {
      const refused = await murmur(['dcmanager', 'join-token', 'create', '--expires-in', wrong]);
      expect(refused.status, wrong).toBe(2);
      expect(refused.stderr).toContain('--expires-in');
    }
  });

  it('shows the system controller that adopted this controller, and leaves it', async () => {
    const none = await murmur(['dcmanager', 'membership', 'show']);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('This controller is not a subcloud');
    const created = JSON.parse((await murmur(['dcmanager', 'join-token', 'create', '-f', 'json'])).stdout) as Record<string, string>;
    const central = { region: 'SystemController', url: 'http://central.example:6385', software_version: '0.1.0' };
    const joined = await t.request({ method: 'POST', url: '/dcagent/v1/join', body: { join_token: created['token'], name: 'edge-7', system_controller: central } });
    expect(joined.status, joined.body).toBe(200);

    const shown = await murmur(['dcmanager', 'membership', 'show', '-f', 'json']);
    expect(shown.status, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toMatchObject({
      subcloud_name: 'edge-7', system_controller_region: 'SystemController', system_controller_url: central.url,
      service_account: 'dcmanager-SystemController',
    });
    const left = await murmur(['dcmanager', 'membership', 'leave', '--yes']);
    expect(left).toMatchObject({ status: 0, stdout: `Left the system controller SystemController at ${central.url}.\n` });
    expect((await murmur(['dcmanager', 'membership', 'show'])).status).toBe(1);
  });
});
