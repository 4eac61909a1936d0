import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOpenrc, runProcess, startController, stopController, type RunningController } from './support/murmur-process.js';

/**
 * The stock OpenStack client (Debian's python3-openstackclient, on keystoneauth1 like the
 * StarlingX clients) against a real controller: the identity API must satisfy it unchanged.
 */
function openstack(args: readonly string[], env: Record<string, string>) {
  return runProcess('openstack', args, { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: os.tmpdir(), ...env });
}

describe('the stock OpenStack client against the identity API', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-osc-'));
  let controller: RunningController;
  let env: Record<string, string>;
  /** What the client prints with `-f json`, as the caller says it is shaped. */
  const json = async <T>(args: string[]): Promise<T> => {
    const r = await openstack([...args, '-f', 'json'], env);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as T;
  };

  beforeAll(async () => {
    if (spawnSync('which', ['openstack']).status !== 0) {
      throw new Error('the `openstack` client is missing: install python3-openstackclient (npm run test:all does this)');
    }
    controller = await startController(['--data', path.join(dir, 'data')]);
    env = readOpenrc(path.join(dir, 'data', 'openrc'));
  });
  afterAll(async () => {
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues a token scoped to the admin project', async () => {
    const token = await json<{ expires: string }>(['token', 'issue']);
    expect(token).toMatchObject({ project_id: expect.stringMatching(/^[0-9a-f]{32}$/), user_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(Date.parse(token.expires)).toBeGreaterThan(Date.now());
  });

  it('finds every service of the catalog, in the region the openrc names', async () => {
    const catalog = await json<Array<{ Name: string; Type: string; Endpoints: string }>>(['catalog', 'list']);
    expect(catalog.map((c) => `${c.Type}/${c.Name}`)).toEqual(
      expect.arrayContaining(['platform/sysinv', 'faultmanagement/fm', 'nfv/vim', 'usm/usm', 'identity/keystone', 'audit/audit']),
    );
    // Not served on a controller, so not listed.
    expect(catalog.map((c) => c.Type)).not.toContain('dcmanager');
    const endpoints = await json<Array<{ URL: string; Region: string }>>(['endpoint', 'list', '--service', 'platform', '--interface', 'internal']);
    expect(endpoints).toEqual([expect.objectContaining({ URL: `${controller.url}/sysinv/v1`, Region: 'RegionOne' })]);
  });

  it('creates a user, grants a role and lists the assignment by name', async () => {
    const user = await json<Record<string, unknown>>(['user', 'create', '--password', 'a sufficiently long passphrase', '--description', 'made by osc', 'osc-operator']);
    expect(user).toMatchObject({ name: 'osc-operator', enabled: true, domain_id: 'default', description: 'made by osc' });
    expect((await openstack(['role', 'add', '--project', 'admin', '--user', 'osc-operator', 'reader'], env)).code).toBe(0);
    const assignments = await json<Array<Record<string, string>>>(['role', 'assignment', 'list', '--names', '--user', 'osc-operator']);
    expect(assignments).toEqual([expect.objectContaining({ Role: 'reader', User: 'osc-operator@Default', Project: 'admin@Default' })]);
    const asOperator = { ...env, OS_USERNAME: 'osc-operator', OS_PASSWORD: 'a sufficiently long passphrase' };
    const denied = await openstack(['user', 'delete', 'admin'], asOperator);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('You are not authorized to perform the requested action');
  });

  it('shows the password policy refusal to the operator, naming the rule', async () => {
    const weak = await openstack(['user', 'create', '--password', 'Password2024!', 'weakling'], env);
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain('Password rejected by rule common_password');
  });

  it('revokes a token, which then stops working', async () => {
    const token = (await json<{ id: string }>(['token', 'issue'])).id;
    expect((await openstack(['token', 'revoke', token], env)).code).toBe(0);
    const res = await fetch(`${controller.url}/sysinv/v1/isystems`, { headers: { 'x-auth-token': token } });
    expect(res.status).toBe(401);
  });

  it('manages projects and reads the one domain', async () => {
    expect((await json<{ name: string }>(['project', 'create', '--description', 'edge sites', 'sites'])).name).toBe('sites');
    expect((await json<Array<{ Name: string }>>(['project', 'list'])).map((p) => p.Name).sort()).toEqual(['admin', 'services', 'sites']);
    expect((await openstack(['project', 'delete', 'sites'], env)).code).toBe(0);
    expect((await json<{ name: string }>(['domain', 'show', 'default'])).name).toBe('Default');
  });
});
