#!/usr/bin/env node
// Authenticated reads against the ceiling of the same server, measured side by side in one run.
//
// Starts the built controller on embedded SQLite (default settings, logs to a file), logs in once,
// then alternates autocannon runs of unauthenticated `GET /health` (the ceiling: routing, hooks,
// logging and metrics, nothing else) and authenticated `GET /sysinv/v1/isystems` (token check,
// database read, a full sysinv document). Alternating runs keep the machine's slow and fast
// phases from landing on one side only. Prints each run, the medians and the ratio.
//
//   node bench/auth-read.mjs [--duration 10] [--runs 3] [--connections 16]
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const TARGET = 0.6;
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
  },
});
const duration = Number(values.duration);
const runs = Number(values.runs);
const connections = Number(values.connections);

const root = path.resolve(import.meta.dirname, '..');
const bin = path.join(root, 'node_modules/.bin/murmur');
if (!existsSync(path.join(root, 'packages/server/dist/main.js'))) {
  console.error('bench: build first (npm ci, or npx tsc -b)');
  process.exit(2);
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-bench-'));
const log = openSync(path.join(dir, 'controller.log'), 'w');
const child = spawn(bin, ['up', '--listen', '127.0.0.1:0', '--data', path.join(dir, 'data')], { stdio: ['ignore', log, 'pipe'] });
let banner = '';
child.stderr.on('data', (c) => (banner += c));

function cpuTicks(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
const TICK = 100;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function run(name, url, headers) {
  const before = cpuTicks(child.pid);
  const started = performance.now();
  const result = await autocannon({ url, connections, duration, headers });
  const seconds = (performance.now() - started) / 1000;
  const cpu = ((cpuTicks(child.pid) - before) / TICK / seconds) * 100;
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { name, reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, serverCpuPct: cpu };
}

try {
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`controller did not start:\n${banner}`)), 60_000);
    child.stderr.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(banner);
      if (m && /murmur: ready/.test(banner)) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`controller exited ${code}:\n${banner}`)));
  });
  const password = /password \(shown only now\): (\S+)/.exec(banner)[1];
  const login = await fetch(`${base}/identity/v3/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'admin', password, domain: { name: 'Default' } } } },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    }),
  });
  const token = login.headers.get('x-subject-token');
  const health = `${base}/health`;
  const systems = `${base}/sysinv/v1/isystems`;
  const auth = { 'x-auth-token': token };

  console.log(`bench auth-read: ${runs} alternating runs of ${duration} s each, ${connections} connections, controller pid ${child.pid}`);
  await run('warm-up', health, {});
  await run('warm-up', systems, auth);
  const results = [];
  for (let i = 0; i < runs; i++) {
    for (const [name, url, headers] of [['GET /health (ceiling)', health, {}], ['GET /sysinv/v1/isystems (authenticated)', systems, auth]]) {
      const r = await run(name, url, headers);
      results.push(r);
      console.log(`  run ${i + 1}  ${name.padEnd(40)} ${r.reqPerSec.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms  server CPU ${r.serverCpuPct.toFixed(0)}%`);
    }
  }
  const ceiling = median(results.filter((r) => r.name.startsWith('GET /health')).map((r) => r.reqPerSec));
  const authed = median(results.filter((r) => r.name.startsWith('GET /sysinv')).map((r) => r.reqPerSec));
  const ratio = authed / ceiling;
  console.log(`median GET /health:                ${ceiling.toFixed(0)} req/s`);
  console.log(`median authenticated isystems:     ${authed.toFixed(0)} req/s`);
  console.log(`ratio: ${ratio.toFixed(3)} (target >= ${TARGET}) ${ratio >= TARGET ? 'MET' : 'NOT MET'}`);
  const summary = { bench: 'auth-read', at: new Date().toISOString(), duration, runs, connections, ceilingReqPerSec: ceiling, authenticatedReqPerSec: authed, ratio, target: TARGET, results };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/auth-read.json'), JSON.stringify(summary, null, 2));
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
