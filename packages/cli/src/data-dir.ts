import os from 'node:os';
import path from 'node:path';

/**
 * The data directory `murmur up` uses when it is given no `--data`: `$XDG_DATA_HOME/murmur`, else
 * `~/.local/share/murmur`.
 */
export function defaultDataDir(): string {
  const base = process.env['XDG_DATA_HOME'] ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'murmur');
}
