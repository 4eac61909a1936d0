import { writeFileSync } from 'node:fs';
import path from 'node:path';

export interface OpenrcFacts {
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly region: string;
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** Writes the `openrc` operators source, mode 0600 since it holds a password. Returns its path. */
export function writeOpenrc(dataDir: string, facts: OpenrcFacts): string {
  const file = path.join(dataDir, 'openrc');
  const lines = [
    '# Murmuration admin credentials. Load them with:  . ' + file,
    `export OS_AUTH_URL=${quote(facts.authUrl)}`,
    `export OS_USERNAME=${quote(facts.username)}`,
    `export OS_PASSWORD=${quote(facts.password)}`,
    `export OS_PROJECT_NAME=${quote(facts.projectName)}`,
    "export OS_USER_DOMAIN_NAME='Default'",
    "export OS_PROJECT_DOMAIN_NAME='Default'",
    `export OS_REGION_NAME=${quote(facts.region)}`,
    "export OS_IDENTITY_API_VERSION='3'",
    "export OS_INTERFACE='internal'",
    "export OS_ENDPOINT_TYPE='internalURL'",
    "export OS_AUTH_TYPE='password'",
    '',
  ];
  writeFileSync(file, lines.join('\n'), { mode: 0o600 });
  return file;
}
