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
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cpuTicks, median, requireBuild, root, startController, TICKS_PER_SECOND } from './support.mjs';

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

requireBuild();
const controller = await startController();
const child = controller.child;

async function run(name, url, headers) {
  const before = cpuTicks(child.pid);
  const started = performance.now();
  const result = await autocannon({ url, connections, duration, headers });
  const seconds = (performance.now() - started) / 1000;
  const cpu = ((cpuTicks(child.pid) - before) / TICKS_PER_SECOND / seconds) * 100;
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return {
    name,
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    serverCpuPct: cpu,
  };
}

try {
  const base = controller.url;
  const token = controller.token;
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
  await controller.stop();
}
