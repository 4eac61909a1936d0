import type { CachedToken, Credentials } from '@murmuration/client';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenFile } from '../src/token-file.js';

const credentials: Credentials = {
  authUrl: 'http://sc.example:6385/identity/v3', username: 'admin', password: 'pw', projectName: 'admin',
  userDomainName: 'Default', projectDomainName: 'Default', regionName: 'Edge1', interface: 'public',
};
const token = (value: string): CachedToken => ({ token: value, expiresAt: 1, userId: 'u', projectId: 'p', catalog: [] });

describe('the token files between commands', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-token-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a region\'s subcloud token in a file of its own, beside the controller\'s, whatever region the command names', async () => {
    await tokenFile(credentials, dir).save(token('central'));
    await tokenFile(credentials, dir, 'Edge1').save(token('edge1'));
    await tokenFile(credentials, dir, 'edge2').save(token('edge2'));
    expect((await tokenFile({ ...credentials, regionName: 'RegionOne' }, dir).load())!.token).toBe('central');
    expect((await tokenFile(credentials, dir, 'Edge1').load())!.token).toBe('edge1');
    expect((await tokenFile(credentials, dir, 'edge2').load())!.token).toBe('edge2');
    const files = readdirSync(dir);
    expect(files).toHaveLength(3);
    for (const file of files) expect(statSync(path.join(dir, file)).mode & 0o777).toBe(0o600);

    await tokenFile(credentials, dir, 'Edge1').clear();
    expect(await tokenFile(credentials, dir, 'Edge1').load()).toBeNull();
    expect((await tokenFile(credentials, dir).load())!.token).toBe('central');
  });
});
