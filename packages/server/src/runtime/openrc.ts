import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface OpenrcFacts {
  readonly authUrl: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly region: string;
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** Where the openrc of a data directory is. */
export function openrcFile(dataDir: string): string {
  return path.join(dataDir, 'openrc');
}

/**
 * Writes the `openrc` operators source, mode 0600 since it holds a password. The new file
 * replaces the old one whole: a crash never leaves half a file. Returns its path.
 */
export function writeOpenrc(dataDir: string, facts: OpenrcFacts): string {
  const file = openrcFile(dataDir);
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
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, lines.join('\n'), { mode: 0o600, flush: true });
  renameSync(partial, file);
  return file;
}

/** The OS_* variables of a data directory's openrc, as `writeOpenrc` wrote them; null when there is none. */
export function readOpenrc(dataDir: string): Readonly<Record<string, string>> | null {
  let text: string;
  try {
    text = readFileSync(openrcFile(dataDir), 'utf8');
  } catch {
    return null;
  }
  const vars: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export (OS_[A-Z_]+)='((?:[^']|'\\'')*)'$/.exec(line);
    if (match) vars[match[1]!] = match[2]!.replace(/'\\''/g, "'");
  }
  return vars;
}
