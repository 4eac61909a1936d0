import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, type RawConfig } from '../config.js';

/** The data directory when none is given: `$XDG_DATA_HOME/murmur`, else `~/.local/share/murmur`. */
export function defaultDataDir(): string {
  const base = process.env['XDG_DATA_HOME'] ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'murmur');
}

/** The settings of a `--config` JSON file. */
export function readConfigFile(file: string): RawConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read --config ${file}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
    return parsed as RawConfig;
  } catch (error) {
    throw new ConfigError(`--config ${file} is not valid: ${(error as Error).message}`);
  }
}

/** Settings from the command line: the `--config` file's, with the flags given over them. */
export function commandLineConfig(
  config: string | undefined,
  flags: { [K in keyof RawConfig]?: RawConfig[K] | undefined },
): RawConfig {
  const fromFile = config ? readConfigFile(config) : {};
  const given = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined));
  return { ...fromFile, ...given };
}
