import { buildProgram } from '@murmuration/cli';
import Database from 'better-sqlite3';
import type { Command } from 'commander';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { murmur, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

function leafCommands(command: Command, prefix: string[] = []): string[][] {
  const here = command.name() === 'murmur' ? [] : [...prefix, command.name()];
  if (command.commands.length === 0) return [here];
  return [here, ...command.commands.filter((c) => c.name() !== 'up').flatMap((c) => leafCommands(c, here))];
}

describe('the murmur CLI against a real controller', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-cli-'));
  const data = path.join(dir, 'data');
  const cache = path.join(dir, 'cache');
  let controller: RunningController;
  let admin: Record<string, string>;

  beforeAll(async () => {
    controller = await startController(['--data', data]);
    admin = { ...readOpenrc(path.join(data, 'openrc')), XDG_CACHE_HOME: cache };
  });
  afterAll(async () => {
    await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers --help on every command', async () => {
    const commands = leafCommands(buildProgram());
    expect(commands.length).toBeGreaterThan(20);
    for (const words of [...commands, ['up']]) {
      const result = await murmur([...words, '--help'], {});
      expect({ words, code: result.code }).toEqual({ words, code: 0 });
      expect(result.stdout).toContain('Usage:');
    }
  });

  it('says what is missing when no credentials are loaded (exit 2)', async () => {
    const env = { OS_AUTH_URL: '', OS_USERNAME: '', OS_PASSWORD: '', OS_PROJECT_NAME: '' };
    const result = await murmur(['system', 'show'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, OS_PROJECT_NAME');
    expect(result.stderr).toContain('openrc');
  });

  it('prints the server message for a wrong password (exit 3) and an unreachable controller (exit 4)', async () => {
    const wrong = await murmur(['system', 'show', '--no-cache'], { ...admin, OS_PASSWORD: 'not the password at all' });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('Error: The request you have made requires authentication.');
    const gone = await murmur(['system', 'show', '--no-cache'], { ...admin, OS_AUTH_URL: 'http://127.0.0.1:9/identity/v3' });
    expect(gone.code).toBe(4);
    expect(gone.stderr).toContain('cannot reach http://127.0.0.1:9/identity/v3/auth/tokens');
  });

  it('rejects a bad modification with the server message and exit 1, changing nothing', async () => {
    const before = await murmur(['system', 'show', '-f', 'json'], admin);
    const bad = await murmur(['system', 'modify', 'latitude=91', 'description=never stored'], admin);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Error: Latitude must be between -90 and +90');
    const after = await murmur(['system', 'show', '-f', 'json'], admin);
    expect(JSON.parse(after.stdout)).toEqual(JSON.parse(before.stdout));
    const unknown = await murmur(['system', 'modify', 'system_mode=duplex'], admin);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('system_mode cannot be modified');
  });

  it('keeps one 0600 token file and logs in once for a series of commands', async () => {
    const logins = async () => {
      const r = await murmur(['audit', 'list', '--event', 'auth.success', '--limit', '1000', '-f', 'value', '-c', 'Seq'], admin);
      return r.stdout.split('\n').filter(Boolean).length;
    };
    await murmur(['system', 'show'], admin);
    const before = await logins();
    for (let i = 0; i < 3; i++) expect((await murmur(['system', 'show', '-f', 'value', '-c', 'name'], admin)).code).toBe(0);
    expect(await logins()).toBe(before);
    const files = readdirSync(path.join(cache, 'murmur'));
    expect(files).toHaveLength(1);
    expect(statSync(path.join(cache, 'murmur', files[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(cache, 'murmur')).mode & 0o777).toBe(0o700);
  });

  it('manages users and roles; a reader can read but not change anything (exit 3)', async () => {
    const create = await murmur(['identity', 'user', 'create', 'auditor', '--password', 'measured twice, cut once', '-f', 'json'], admin);
    expect(create.code).toBe(0);
    expect(JSON.parse(create.stdout)).toMatchObject({ name: 'auditor', enabled: true, domain_id: 'default' });
    expect((await murmur(['identity', 'role', 'add', 'reader', '--project', 'admin', '--user', 'auditor'], admin)).code).toBe(0);
    const assignments = await murmur(['identity', 'role', 'assignment', 'list', '--names', '--user', 'auditor', '-f', 'value'], admin);
    expect(assignments.stdout.trim()).toBe('reader auditor admin');

    const reader = { ...admin, OS_USERNAME: 'auditor', OS_PASSWORD: 'measured twice, cut once' };
    const show = await murmur(['system', 'show', '-f', 'value', '-c', 'system_type'], reader);
    expect(show.stdout.trim()).toBe('All-in-one');
    const change = await murmur(['system', 'modify', 'contact=ops@example.com'], reader);
    expect(change.code).toBe(3);
    expect(change.stderr).toContain('You are not authorized to perform the requested action');

    const weak = await murmur(['identity', 'user', 'create', 'weak', '--password', 'password1234'], admin);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('Password rejected by rule common_password');
  });

  it('changes your own password; the old one stops working', async () => {
    const user = { ...admin, OS_USERNAME: 'auditor', OS_PASSWORD: 'measured twice, cut once' };
    const change = await murmur(['identity', 'user', 'password', 'set', '--password', 'a brand new passphrase here'], user);
    expect(change.code).toBe(0);
    expect((await murmur(['system', 'show', '--no-cache'], user)).code).toBe(3);
    expect((await murmur(['system', 'show', '--no-cache'], { ...user, OS_PASSWORD: 'a brand new passphrase here' })).code).toBe(0);
  });

  it('prints lists as table, json, yaml and value', async () => {
    const table = await murmur(['identity', 'project', 'list'], admin);
    expect(table.stdout).toMatch(/^\| ID\s+\| Name\s+\|$/m);
    const json = JSON.parse((await murmur(['identity', 'project', 'list', '-f', 'json'], admin)).stdout) as Array<{ Name: string }>;
    expect(json.map((p) => p.Name).sort()).toEqual(['admin', 'services']);
    const yaml = await murmur(['identity', 'project', 'list', '-f', 'yaml', '-c', 'Name'], admin);
    expect(yaml.stdout).toContain('- Name: admin');
    const value = await murmur(['identity', 'role', 'list', '-f', 'value', '-c', 'Name'], admin);
    expect(value.stdout.trim().split('\n').sort()).toEqual(['admin', 'member', 'reader']);
    const role = await murmur(['identity', 'role', 'show', 'reader', '-f', 'value', '-c', 'name', '-c', 'domain_id'], admin);
    expect(role.stdout.trim()).toBe('reader None');
  });

  it('`audit verify` passes, then names the entry altered or removed in the database (exit 1)', async () => {
    const intact = await murmur(['audit', 'verify'], admin);
    expect(intact.code).toBe(0);
    expect(intact.stdout).toMatch(/^Audit log intact: \d+ entries verified/);

    const db = new Database(path.join(data, 'murmur.db'));
    try {
      db.prepare("update audit_log set outcome = 200 where seq = 3").run();
      const altered = await murmur(['audit', 'verify'], admin);
      expect(altered.code).toBe(1);
      expect(altered.stdout).toContain('Audit log BROKEN at entry 3: 1 problem in');
      expect(altered.stdout).toContain('\n  entry 3 was altered');

      const original = db.prepare('select * from audit_log where seq = 3').get() as Record<string, unknown>;
      db.prepare('delete from audit_log where seq = 3').run();
      const removed = await murmur(['audit', 'verify'], admin);
      expect(removed.code).toBe(1);
      expect(removed.stdout).toContain('\n  entry 3 is missing');
      expect(original['seq']).toBe(3);
    } finally {
      db.close();
    }
  });
});
