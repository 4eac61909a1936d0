#!/usr/bin/env node
// Benchmark: a sw-deploy strategy across SUBCLOUDS hollow subclouds, MAX_PARALLEL at once, each
// subcloud's own VIM strategy taking DEPLOY_SECONDS to apply (`murmur hollow-subclouds
// --deploy-seconds`). One system controller (`murmur up --role systemcontroller`, on SQLite and on
// a throwaway PostgreSQL) and one hollow-subclouds process, each subcloud on its own loopback
// address; every subcloud added with its join token through the dcmanager API, managed, audited
// online. The strategy prestages the release to each subcloud (verified with the system
// controller's signing key, as a real subcloud would), creates and applies that subcloud's VIM
// strategy and follows it to the end.
//
// Reports the makespan (apply to complete) against the ideal schedule ceil(N / P) × D, and against
// ceil(N / P) × (D + c) where c is the measured per-subcloud overhead (a step's duration, started to
// finished, less D: its calls to the subcloud and the polls that see the end); the system
// controller's CPU share and resident memory while it applies; and, from the hollow fleet's own
// counts, that every subcloud's strategy was created and applied exactly once.
//
//   node bench/dc-sw-deploy.mjs [--subclouds 10000] [--max-parallel 500] [--deploy-seconds 10]
//       [--databases sqlite,postgres] [--add-concurrency 50] [--config '{"dcManager":{...}}']
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adminToken, startHollowSubclouds, startMurmur } from '../test-support/murmur-processes.mjs';
import { findPostgresBinary, startThrowawayPostgres } from '../test-support/postgres-server.mjs';
import { cpuTicks, median, murmurBin, requireBuild, root, rssMiB, schedSeconds, TICKS_PER_SECOND } from './support.mjs';

const LIMIT = 1.1;
const RELEASE = 'edge-bench-2.0.0';
const { values } = parseArgs({
  options: {
    subclouds: { type: 'string', default: '10000' },
    'max-parallel': { type: 'string', default: '500' },
    'deploy-seconds': { type: 'string', default: '10' },
    databases: { type: 'string' },
    'add-concurrency': { type: 'string', default: '50' },
    config: { type: 'string', default: '{}' },
  },
});
const N = Number(values.subclouds);
const P = Number(values['max-parallel']);
const D = Number(values['deploy-seconds']);
const ADD_CONCURRENCY = Number(values['add-concurrency']);
const hasPostgres = findPostgresBinary('initdb') !== null && findPostgresBinary('pg_ctl') !== null;
const databases = (values.databases ?? (hasPostgres ? 'sqlite,postgres' : 'sqlite')).split(',');
const extraConfig = JSON.parse(values.config);
const say = (line) => console.log(line);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Runs `work` over `items`, `concurrency` at a time. */
async function inParallel(items, concurrency, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A dcmanager time (`2026-03-01 10:00:00.123456` or with `T`, no zone) in milliseconds; null for none. */
function dcTime(text) {
  if (text === null || text === undefined || text === '') return null;
  const [whole, fraction = '0'] = text.replace(' ', 'T').split('.');
  return Date.parse(`${whole}Z`) + Number(`0.${fraction}`) * 1000;
}

/** Builds the release with the system controller's key and uploads it there. */
async function uploadRelease(sc, dir) {
  const src = path.join(dir, 'release');
  mkdirSync(src, { recursive: true });
  writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id: RELEASE, version: '2.0.0', summary: 'the benchmark release' }));
  writeFileSync(path.join(src, 'payload'), 'bench\n');
  const bundle = path.join(dir, 'bench.tar.gz');
  const env = { ...process.env, OS_AUTH_URL: `${sc.url}/identity/v3` };
  execFileSync(process.execPath, [murmurBin, 'software', 'build-release', src, '--key', sc.keyFile, '-o', bundle], { env });
  const res = await fetch(`${sc.url}/usm/v1/upload`, {
    method: 'POST', headers: { 'x-auth-token': sc.token, 'content-type': 'application/gzip' }, body: new Blob([readFileSync(bundle)]),
  });
  if (res.status !== 200) throw new Error(`upload: ${res.status} ${await res.text()}`);
}

/** `murmur up --role systemcontroller` on the database given (SQLite in its data directory when none). */
async function startSystemController(dir, database) {
  const data = path.join(dir, 'data');
  const config = path.join(dir, 'config.json');
  writeFileSync(config, JSON.stringify(extraConfig));
  const args = ['--data', data, '--role', 'systemcontroller', '--config', config, ...(database ? ['--database', database] : [])];
  const running = await startMurmur(args, { logFile: path.join(dir, 'controller.log') });
  const token = await adminToken(running.url, /** @type {string} */ (running.adminPassword));
  const api = async (method, route, body) => {
    const res = await fetch(`${running.url}/dcmanager/v1.0${route}`, {
      method,
      headers: { 'x-auth-token': token, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 500)}`);
    return JSON.parse(text);
  };
  return { ...running, token, api, keyFile: path.join(data, 'release-signing-key.pem') };
}

/** Adds every hollow subcloud with its join token, manages it, and waits for the audit to see them all online. */
async function joinFleet(sc, hollow) {
  const started = performance.now();
  await inParallel(hollow.manifest, ADD_CONCURRENCY, async (line) => {
    await sc.api('POST', '/subclouds/', { name: line.name, url: line.url, join_token: line.join_token });
    await sc.api('PATCH', `/subclouds/${line.name}`, { 'management-state': 'managed' });
  });
  const added = (performance.now() - started) / 1000;
  for (;;) {
    const { summary } = await sc.api('GET', '/subclouds/summary');
    if ((summary.availability_status.online ?? 0) >= N && (summary.management_state.managed ?? 0) >= N) break;
    await sleep(1000);
  }
  return { added, online: (performance.now() - started) / 1000 };
}

/** Applies the strategy, follows it to its end: the CPU and memory of the system controller, the hollow CPU. */
async function applyStrategy(sc, hollowPid) {
  const pid = /** @type {number} */ (sc.process.pid);
  const cpu0 = cpuTicks(pid);
  const hollowCpu0 = cpuTicks(hollowPid);
  const sched0 = schedSeconds(pid);
  let peakRss = rssMiB(pid);
  const started = performance.now();
  await sc.api('POST', '/sw-update-strategy/actions?type=sw-deploy', { action: 'apply' });
  let strategy;
  let shownAt = 0;
  for (;;) {
    await sleep(500);
    peakRss = Math.max(peakRss, rssMiB(pid));
    strategy = await sc.api('GET', '/sw-update-strategy?type=sw-deploy');
    const ended = ['complete', 'failed', 'aborted'].includes(strategy.state);
    const elapsed = performance.now() - started;
    if (elapsed - shownAt >= 10_000 || ended) {
      shownAt = elapsed;
      const counts = Object.entries(strategy['step-counts'] ?? {}).filter(([s]) => s !== 'total').map(([s, n]) => `${n} ${s}`).join(', ');
      say(`    ${(elapsed / 1000).toFixed(0)} s: ${strategy.state}: ${counts}`);
    }
    if (ended) break;
  }
  const makespan = (performance.now() - started) / 1000;
  const share = (ticks) => ticks / TICKS_PER_SECOND / makespan;
  const sched = schedSeconds(pid);
  return {
    mainThread: { ran: sched.run - sched0.run, waitedForCpu: sched.wait - sched0.wait },
    strategy,
    makespan,
    cpu: share(cpuTicks(pid) - cpu0),
    hollowCpu: share(cpuTicks(hollowPid) - hollowCpu0),
    peakRss,
    rss: rssMiB(pid),
  };
}

/** One run on one database: what it measured. */
async function run(database) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-bench-dc-'));
  let pg = null;
  let sc = null;
  let hollow = null;
  try {
    if (database === 'postgres') pg = await startThrowawayPostgres({ maxConnections: 200 });
    sc = await startSystemController(dir, pg ? pg.createDatabase('murmur') : undefined);
    hollow = await startHollowSubclouds({ count: N, seed: 'bench-dc-sw-deploy', deploySeconds: D, releaseKey: sc.keyFile });
    const joined = await joinFleet(sc, hollow);
    say(`  ${database}: ${N} subclouds added in ${joined.added.toFixed(0)} s, all managed and online after ${joined.online.toFixed(0)} s`);
    await uploadRelease(sc, dir);
    const created = await sc.api('POST', '/sw-update-strategy/', {
      type: 'sw-deploy', 'subcloud-apply-type': 'parallel', 'max-parallel-subclouds': P, release_id: RELEASE,
      snapshot: false, rollback: false, delete: false, cleanup: false, with_prestage: false, kube_upgrade: null,
    });
    say(`  ${database}: strategy created (${created.state}); applying`);
    await hollow.control.resetStats();
    const applied = await applyStrategy(sc, /** @type {number} */ (hollow.process.pid));
    const steps = (await sc.api('GET', '/sw-update-strategy/steps'))['strategy-steps'];
    const stats = await hollow.control.stats();
    const durations = steps.flatMap((s) => {
      const from = dcTime(s['started-at']);
      const to = dcTime(s['finished-at']);
      return from !== null && to !== null ? [(to - from) / 1000] : [];
    });
    const overhead = Math.max(0, median(durations) - D);
    const ideal = Math.ceil(N / P) * D;
    const idealWithCalls = Math.ceil(N / P) * (D + overhead);
    const once = (counts) => counts.filter((n) => n === 1).length;
    return {
      database, subclouds: N, maxParallel: P, deploySeconds: D, state: applied.strategy.state,
      complete: steps.filter((s) => s.state === 'complete').length,
      makespan: applied.makespan, ideal, ratio: applied.makespan / ideal,
      perSubcloudOverhead: overhead, idealWithCalls, ratioWithCalls: applied.makespan / idealWithCalls,
      stepSeconds: { median: median(durations), max: Math.max(...durations) },
      cpuShare: applied.cpu, hollowCpuShare: applied.hollowCpu, rssMiB: applied.rss, peakRssMiB: applied.peakRss,
      mainThread: applied.mainThread, load: os.loadavg()[0],
      createdOnce: once(stats.strategyCreates),
      appliedOnce: once(stats.strategyApplies),
      prestagedOnce: once(stats.prestagesCompleted),
      joinSeconds: joined.added,
    };
  } finally {
    if (hollow) await hollow.stop();
    if (sc) await sc.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

requireBuild();
say(`bench dc-sw-deploy: ${N} hollow subclouds, max-parallel ${P}, each deploy ${D} s; on ${databases.join(' and ')}`);
say(`  machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const results = [];
for (const database of databases) {
  const r = await run(database);
  results.push(r);
  say(`  ${database}: strategy ${r.state}, ${r.complete} of ${N} steps complete`);
  say(`    makespan ${r.makespan.toFixed(1)} s; ideal ${r.ideal} s (ceil(${N}/${P}) × ${D} s): ratio ${r.ratio.toFixed(3)} (target ${LIMIT})`);
  say(`    per-subcloud overhead ${r.perSubcloudOverhead.toFixed(2)} s (median step ${r.stepSeconds.median.toFixed(2)} s, longest ${r.stepSeconds.max.toFixed(2)} s); `
    + `ideal with it ${r.idealWithCalls.toFixed(1)} s: ratio ${r.ratioWithCalls.toFixed(3)}`);
  say(`    system controller while applying: CPU ${(r.cpuShare * 100).toFixed(1)}% of one core, RSS ${r.rssMiB.toFixed(0)} MiB `
    + `(peak ${r.peakRssMiB.toFixed(0)} MiB); the hollow subclouds' process: CPU ${(r.hollowCpuShare * 100).toFixed(1)}%`);
  say(`    its main thread ran ${r.mainThread.ran.toFixed(0)} s and waited ${r.mainThread.waitedForCpu.toFixed(0)} s for a CPU `
    + `(load ${r.load.toFixed(2)} at the end)`);
  say(`    subclouds whose VIM strategy was created exactly once: ${r.createdOnce} of ${N}; applied exactly once: `
    + `${r.appliedOnce}; release prestaged once: ${r.prestagedOnce}`);
}
mkdirSync(path.join(root, 'bench/results'), { recursive: true });
writeFileSync(path.join(root, 'bench/results/dc-sw-deploy.json'), JSON.stringify(results, null, 2));
if (results.some((r) => r.state !== 'complete')) process.exitCode = 1;
