// A throwaway PostgreSQL server: initdb in a scratch directory (as the postgres user when run as
// root, since initdb refuses root), a free port on 127.0.0.1, no fsync. The test suites' global
// setup and the benchmarks start theirs with it. Plain JavaScript, so that a benchmark runs with
// node alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port.mjs';

/**
 * A PostgreSQL server binary from the PATH or the newest /usr/lib/postgresql/<version>/bin; null when none.
 * @param {string} name
 * @returns {string | null}
 */
export function findPostgresBinary(name) {
  const which = spawnSync('which', [name], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  for (const version of readdirSync(root).sort().reverse()) {
    const candidate = path.join(root, version, 'bin', name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/**
 * Starts a cluster with the binaries given (or found) and resolves with the URL of its `postgres`
 * database; `stop()` stops it at once and removes its files.
 * @param {{ initdb?: string, pgCtl?: string, maxConnections?: number }} [options]
 * @returns {Promise<{ adminUrl: string, port: number, createDatabase: (name: string) => string, stop: () => void }>}
 */
export async function startThrowawayPostgres(options = {}) {
  const initdb = options.initdb ?? findPostgresBinary('initdb');
  const pgCtl = options.pgCtl ?? findPostgresBinary('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are missing: apt-get install -y postgresql');
  const root = mkdtempSync(path.join(os.tmpdir(), 'murmur-pg-'));
  chmodSync(root, 0o755);
  const asRoot = process.getuid?.() === 0;
  /** @type {(cmd: string, args: string[]) => void} */
  const run = (cmd, args) => {
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' });
    else execFileSync(cmd, args, { stdio: 'pipe' });
  };
  if (asRoot) {
    const id = (/** @type {string} */ flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, id('-u'), id('-g'));
  }
  const data = path.join(root, 'data');
  const port = await freePort();
  run(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  run(pgCtl, [
    '-D', data, '-l', path.join(root, 'server.log'), '-w', '-t', '60',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off `
      + `-c max_connections=${options.maxConnections ?? 300}`,
    'start',
  ]);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    createDatabase(name) {
      // Beside the real pg_ctl (the one on the PATH may be a link to it).
      run(path.join(path.dirname(realpathSync(pgCtl)), 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    stop() {
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
