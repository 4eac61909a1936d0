import { CREDENTIAL_KEY_FILE, credentialSeal } from '@murmuration/server';
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { rawQuery } from '../../../../test-support/raw-database.js';
import { joinAnswer } from '../support/hollow-join-subcloud.js';
import { useSystemController } from '../support/use-system-controller.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'murmur-seal-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the credential seal of a data directory', () => {
  it('makes its key, mode 0600, only when it first seals, and reads back what it sealed', () => {
    const dir = mkdtempSync(path.join(scratch, 'a-'));
    const seal = credentialSeal(dir);
    expect(existsSync(path.join(dir, CREDENTIAL_KEY_FILE))).toBe(false);
    const sealed = seal.seal('Hollow-Account-Secret-7731');
    expect(statSync(path.join(dir, CREDENTIAL_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(dir, CREDENTIAL_KEY_FILE)).size).toBe(32);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('Hollow');
    expect(seal.seal('Hollow-Account-Secret-7731')).not.toBe(sealed);
    expect(seal.unseal(sealed)).toBe('Hollow-Account-Secret-7731');
    // Another seal of the same directory reads the same key.
    expect(credentialSeal(dir).unseal(sealed)).toBe('Hollow-Account-Secret-7731');
  });

  it('refuses text sealed under another key, altered text, and a key others can read', () => {
    const a = credentialSeal(mkdtempSync(path.join(scratch, 'b-')));
    const otherDir = mkdtempSync(path.join(scratch, 'c-'));
    const b = credentialSeal(otherDir);
    const sealed = a.seal('secret');
    expect(() => b.unseal(sealed)).toThrow();
    const [v, iv, tag, body] = sealed.split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => a.unseal([v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => a.unseal('plain text')).toThrow('not a sealed credential');

    const loose = mkdtempSync(path.join(scratch, 'd-'));
    writeFileSync(path.join(loose, CREDENTIAL_KEY_FILE), Buffer.alloc(32, 7));
    chmodSync(path.join(loose, CREDENTIAL_KEY_FILE), 0o644);
    expect(() => credentialSeal(loose).seal('x')).toThrow('it must be mode 0600');
  });
});

describe.each(testDialects())('a subcloud\'s credential at rest on %s', (dialect) => {
  const suite = useSystemController(dialect);
  const { t } = suite;
  const password = 'Hollow-Account-Secret-7731';
  const operatorPassword = 'Operator-Typed-Admin-Pw-5';

  beforeAll(async () => {
    const res = await suite.dc.post('/subclouds/', {
      name: 'sc1', url: suite.hollow.url, admin_username: 'admin', admin_password: operatorPassword,
    });
    expect(res.status, res.body).toBe(200);
  });

  it('keeps only the service account, sealed under the data directory\'s 0600 key, and unseals it for the audit', async () => {
    expect(statSync(path.join(t.db.dir, CREDENTIAL_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(await t.controller.services.dcManager.credentialOf(1)).toEqual({
      authUrl: `${suite.hollow.url}/identity/v3`, userId: joinAnswer().account.user_id, username: 'dcmanager-sc', password,
      projectName: 'admin', userDomainName: 'Default', projectDomainName: 'Default',
    });
    expect(await t.controller.services.dcManager.credentialOf(99)).toBeNull();
  });

  it('writes neither the account\'s password nor the operator\'s anywhere in the database, nor in its logs', async () => {
    const tables = t.db.location.kind === 'sqlite'
      ? await rawQuery(t.db.location, "select name as t from sqlite_master where type = 'table'")
      : await rawQuery(t.db.location, 'select tablename as t from pg_tables where schemaname = current_schema()');
    expect(tables.map((r) => r['t'])).toContain('subclouds');
    for (const { t: table } of tables) {
      const rows = JSON.stringify(await rawQuery(t.db.location, `select * from ${String(table)}`));
      expect(rows, String(table)).not.toContain(password);
      expect(rows, String(table)).not.toContain(operatorPassword);
    }
    const [row] = await rawQuery(t.db.location, 'select credential from subclouds');
    expect(String(row!['credential'])).toMatch(/^v1\./);
    expect(t.logs()).not.toContain(password);
    expect(t.logs()).not.toContain(operatorPassword);
  });
});
