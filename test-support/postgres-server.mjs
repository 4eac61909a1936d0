// A throwaway PostgreSQL cluster: the test suites' global setup and the benchmarks start one the
// same way. initdb refuses root, so as root it runs as the `postgres` user. Plain JavaScript, so
// that a benchmark runs with node alone.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL server program on this machine (`which`, else the newest under /usr/lib/postgresql).
 * @param {string} name @returns {string | null}
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
 * initdb and pg_ctl, installed with apt-get when missing and running as root.
 * @returns {{ initdb: string, pgCtl: string }}
 */
export function ensurePostgresInstalled() {
  let initdb = findPostgresBinary('initdb');
  let pgCtl = findPostgresBinary('pg_ctl');
  if (initdb && pgCtl) return { initdb, pgCtl };
  if (process.getuid?.() !== 0) {
    throw new Error('PostgreSQL server binaries (initdb, pg_ctl) are missing. Install them with: sudo apt-get install -y postgresql');
  }
  console.log('[tests] installing PostgreSQL: apt-get install -y postgresql');
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', 'postgresql'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  initdb = findPostgresBinary('initdb');
  pgCtl = findPostgresBinary('pg_ctl');
  if (!initdb || !pgCtl) throw new Error('apt-get installed postgresql but initdb/pg_ctl are still not found');
  return { initdb, pgCtl };
}

/** @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster on a free loopback port (durability off: it is thrown away) and resolves with
 * the URL of its admin database and `stop()`, which stops it and removes its files.
 * @param {{ maxConnections?: number }} [options]
 * @returns {Promise<{ url: string, createDatabase: (name: string) => string, stop: () => Promise<void> }>}
 */
export async function startThrowawayPostgres(options = {}) {
  const { initdb, pgCtl } = ensurePostgresInstalled();
  const root = mkdtempSync(path.join(os.tmpdir(), 'murmur-pg-'));
  chmodSync(root, 0o755);
  const asRoot = process.getuid?.() === 0;
  /** @param {string} cmd @param {string[]} args */
  const run = (cmd, args) =>
    asRoot ? execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'pipe' }) : execFileSync(cmd, args, { stdio: 'pipe' });
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  const data = path.join(root, 'data');
  const port = await freePort();
  run(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  run(pgCtl, [
    '-D', data, '-l', path.join(root, 'server.log'), '-w', '-t', '60',
    '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=${options.maxConnections ?? 300}`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /** Creates a database on the cluster; its URL. */
    createDatabase(name) {
      // createdb sits beside the real pg_ctl (not beside Debian's wrapper in /usr/bin).
      run(path.join(path.dirname(realpathSync(pgCtl)), 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
