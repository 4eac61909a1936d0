import type { CachedToken, Credentials, TokenStore } from '@murmuration/client';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync, renameSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv): string {
  return path.join(env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'murmur');
}

/**
 * The token cache between commands: one file per (auth URL, user, project), mode 0600 in a
 * 0700 directory, so that a sequence of commands logs in once per token lifetime. With a region,
 * the file of the subcloud token that serves that region (asked for by region or name) when the
 * catalog does not list it: kept apart from the controller's own token.
 */
export function tokenFile(credentials: Credentials, dir: string, region?: string): TokenStore {
  const scope = [
    credentials.authUrl,
    credentials.username,
    credentials.userDomainName,
    credentials.projectName,
    credentials.projectDomainName,
  ];
  const key = createHash('sha256')
    .update(JSON.stringify(region === undefined ? scope : [...scope, region]))
    .digest('hex')
    .slice(0, 24);
  const file = path.join(dir, `token-${key}.json`);
  return {
    async load() {
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as CachedToken;
      } catch {
        return null;
      }
    },
    async save(token) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(token), { mode: 0o600 });
      chmodSync(temp, 0o600);
      renameSync(temp, file);
    },
    async clear() {
      rmSync(file, { force: true });
    },
  };
}
