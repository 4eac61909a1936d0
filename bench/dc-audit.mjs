#!/usr/bin/env node
// The fleet audit at 10,000, 50,000 and 100,000 subclouds: one system controller (`murmur up --role
// systemcontroller`, SQLite or PostgreSQL) and hollow subclouds in a process of their own, each on its own loopback
// address with its own credential and state, added with join tokens through the dcmanager API and managed. For each
// fleet size it reports:
//   - the full audit cycle: every managed subcloud made due at once (in the database), the time until each has been
//     audited once (counted by the hollow subclouds), nothing changed; then again with 1% of them changed;
//   - the audit rate as a ratio to the loopback HTTP ceiling measured in the same run (a bare client fetching the
//     same audit of the same subclouds, one new connection per request);
//   - the system controller's CPU share and resident memory at steady state (the 30 s interval);
//   - the time to mark 100 killed subclouds offline.
// Targets: 100,000 subclouds audited within 30 s; under 2 GB resident.
//
//   node bench/dc-audit.mjs [--counts 10000,50000,100000] [--database sqlite|postgres] [--kill 100]
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { adminToken, startHollowSubclouds, startMurmur } from '../test-support/murmur-processes.mjs';
import { hollowAuditTargets, measureLoopbackCeiling } from './loopback-ceiling.mjs';
import { startBenchPostgres } from './postgres.mjs';
import { cpuTicks, requireBuild, root, rssMiB, TICKS_PER_SECOND } from './support.mjs';

const { values } = parseArgs({
  options: {
    counts: { type: 'string', default: '10000,50000,100000' },
    database: { type: 'string', default: 'sqlite' },
    kill: { type: 'string', default: '100' },
    steady: { type: 'string', default: '30' },
  },
});
const COUNTS = values.counts.split(',').map(Number);
const KILL = Number(values.kill);
const STEADY_SECONDS = Number(values.steady);
const INTERVAL_SECONDS = 30;
const CYCLE_TARGET_SECONDS = 30;
const RSS_LIMIT_MIB = 2048;
const ADD_CONCURRENCY = 48;
/** A subcloud that failed an audit is audited again this soon; with an audit's timeout, the offline limit. */
const RECHECK_SECONDS = 5;
const OFFLINE_LIMIT_SECONDS = INTERVAL_SECONDS + RECHECK_SECONDS + 5;

requireBuild();
const say = (line) => console.log(line);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const fleetSize = Math.max(...COUNTS);

const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-bench-dc-'));
const data = path.join(dir, 'data');
mkdirSync(data, { recursive: true });
let pg = null;
let hollow = null;
let controller = null;
const results = { database: values.database, interval_seconds: INTERVAL_SECONDS, sizes: [] };

try {
  let database;
  if (values.database === 'postgres') {
    pg = await startBenchPostgres();
    database = pg.url;
  }
  hollow = await startHollowSubclouds({ count: fleetSize + KILL });
  say(`bench: ${fleetSize + KILL} hollow subclouds on their own loopback addresses (pid ${hollow.process.pid})`);
  const config = {
    role: 'systemcontroller',
    region: 'RegionOne',
    logLevel: 'warn',
    ...(database ? { database } : {}),
    dcManager: {
      auditIntervalSeconds: INTERVAL_SECONDS,
      auditConcurrency: 512,
      auditTimeoutMs: 5000,
      leaseSeconds: 60,
    },
  };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  controller = await startMurmur(['--data', data, '--config', path.join(dir, 'config.json')], {
    logFile: path.join(dir, 'controller.log'),
  });
  const url = controller.url;
  const pid = controller.process.pid;
  const token = await adminToken(url, controller.adminPassword);
  const api = async (method, route, body) => {
    const res = await fetch(`${url}${route}`, {
      method,
      headers: { 'x-auth-token': token, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${route}: ${res.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
  const fleet = async () => (await api('GET', '/dcmanager/v1.0/subclouds/summary')).summary;
  const onlineManaged = (summary) =>
    summary.counts
      .filter((c) => c.management_state === 'managed' && c.availability_status === 'online')
      .reduce((n, c) => n + c.count, 0);
  const offlineManaged = (summary) =>
    summary.counts
      .filter((c) => c.management_state === 'managed' && c.availability_status === 'offline')
      .reduce((n, c) => n + c.count, 0);
  const db = await openFleetDatabase(values.database, database, path.join(data, 'murmur.db'));

  /** The system controller's id of each hollow subcloud added, by index. */
  const idOf = [];

  /** Adds and manages subclouds [from, to) with their join tokens, ADD_CONCURRENCY at a time. */
  async function addSubclouds(from, to) {
    let next = from;
    const worker = async () => {
      while (next < to) {
        const i = next++;
        const line = hollow.manifest[i];
        const added = await api('POST', '/dcmanager/v1.0/subclouds/', { name: line.name, url: line.url, join_token: line.join_token });
        await api('PATCH', `/dcmanager/v1.0/subclouds/${added.id}`, { 'management-state': 'managed' });
        idOf[i] = added.id;
      }
    };
    await Promise.all(Array.from({ length: ADD_CONCURRENCY }, worker));
  }

  /** Waits until `check(summary)`, up to `limitMs`; the time it took. */
  async function until(check, limitMs, what) {
    const start = performance.now();
    for (;;) {
      const summary = await fleet();
      if (check(summary)) return (performance.now() - start) / 1000;
      if (performance.now() - start > limitMs) throw new Error(`${what}: not reached in ${limitMs / 1000} s: ${JSON.stringify(summary.availability_status)}`);
      await sleep(250);
    }
  }

  /** Every managed subcloud due now; the time until each of `indices` has been audited once more. */
  async function fullCycle(indices) {
    const before = (await hollow.control.stats()).audits;
    const t0 = performance.now();
    const c0 = cpuTicks(pid);
    await db.makeDue(null);
    let lastMade = performance.now();
    for (;;) {
      const audits = (await hollow.control.stats()).audits;
      const waiting = indices.filter((i) => audits[i] <= before[i]);
      const left = waiting.length;
      if (left === 0) break;
      // An audit under way when the cycle began hands its subcloud back due an interval later: make those due again.
      if (performance.now() - lastMade > 2000) {
        await db.makeDue(waiting.map((i) => idOf[i]));
        lastMade = performance.now();
      }
      if (performance.now() - t0 > 600_000) throw new Error(`${left} subclouds not audited after 600 s`);
      await sleep(100);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu = (cpuTicks(pid) - c0) / TICKS_PER_SECOND;
    // The last outcomes are written a moment after the answers: let them land before anything else is made due.
    await sleep(1500);
    return { seconds, rate: indices.length / seconds, cpuPerAuditMicros: (cpu / indices.length) * 1e6 };
  }

  let added = 0;
  for (const count of COUNTS) {
    const tAdd = performance.now();
    await addSubclouds(added, count);
    const addSeconds = (performance.now() - tAdd) / 1000;
    say(`bench: ${count} subclouds added and managed (+${count - added} at ${((count - added) / addSeconds).toFixed(0)}/s)`);
    added = count;
    const firstSeconds = await until((s) => onlineManaged(s) === count, 900_000, `${count} online`);
    say(`bench: all ${count} online (first audits: logins and full answers) in ${firstSeconds.toFixed(1)} s`);
    // Let the first audits' outcomes settle before measuring.
    await sleep(2000);
    const indices = Array.from({ length: count }, (_, i) => i);
    const unchanged = await fullCycle(indices);
    say(`bench: full cycle, nothing changed: ${unchanged.seconds.toFixed(2)} s (${unchanged.rate.toFixed(0)} audits/s, ${unchanged.cpuPerAuditMicros.toFixed(0)} µs of controller CPU each)`);
    const changed = await hollow.control.change(Math.round(count / 100));
    const onePercent = await fullCycle(indices);
    say(`bench: full cycle, ${changed.length} changed: ${onePercent.seconds.toFixed(2)} s (${onePercent.rate.toFixed(0)} audits/s)`);
    const targets = await hollowAuditTargets(hollow, indices);
    const ceiling = await measureLoopbackCeiling({ targets, hollowPid: hollow.process.pid });
    const ratio = unchanged.rate / ceiling.reqPerSec;
    say(`bench: loopback ceiling (bare client, same ${targets.length} subclouds): ${ceiling.reqPerSec.toFixed(0)}/s; audit rate ratio ${ratio.toFixed(2)}`);
    // Steady state at the configured interval: CPU share and memory.
    await sleep(5000);
    const c0 = cpuTicks(pid);
    const t0 = performance.now();
    await sleep(STEADY_SECONDS * 1000);
    const share = (cpuTicks(pid) - c0) / TICKS_PER_SECOND / ((performance.now() - t0) / 1000);
    const rss = rssMiB(pid);
    say(`bench: steady state: controller CPU ${(share * 100).toFixed(1)}% of a core, resident ${rss.toFixed(0)} MiB`);
    results.sizes.push({
      subclouds: count,
      add_rate: count / addSeconds,
      first_online_seconds: firstSeconds,
      cycle_unchanged_seconds: unchanged.seconds,
      cycle_one_percent_seconds: onePercent.seconds,
      audit_rate: unchanged.rate,
      controller_cpu_per_audit_us: unchanged.cpuPerAuditMicros,
      ceiling_rate: ceiling.reqPerSec,
      ceiling_statuses: ceiling.statuses,
      ceiling_ratio: ratio,
      steady_cpu_share: share,
      rss_mib: rss,
      cycle_target_ratio: unchanged.seconds / CYCLE_TARGET_SECONDS,
      rss_limit_ratio: rss / RSS_LIMIT_MIB,
    });
  }

  // 100 more subclouds, added and online, then killed: how long until the audit marks them offline.
  await addSubclouds(fleetSize, fleetSize + KILL);
  await until((s) => onlineManaged(s) === fleetSize + KILL, 300_000, 'the victims online');
  const victims = Array.from({ length: KILL }, (_, i) => fleetSize + i);
  await hollow.control.kill(victims);
  const offlineSeconds = await until((s) => offlineManaged(s) === KILL, 300_000, `${KILL} offline`);
  say(
    `bench: ${KILL} killed subclouds marked offline in ${offlineSeconds.toFixed(1)} s (the next audit within an ` +
      `interval of ${INTERVAL_SECONDS} s, the second ${RECHECK_SECONDS} s after the first failure: at most ${OFFLINE_LIMIT_SECONDS} s)`,
  );
  results.offline_seconds = offlineSeconds;
  results.offline_limit_ratio = offlineSeconds / OFFLINE_LIMIT_SECONDS;
  await db.close();

  for (const r of results.sizes) {
    say(
      `RESULT dc-audit ${values.database} ${r.subclouds}: cycle ${r.cycle_unchanged_seconds.toFixed(2)} s ` +
        `(${r.cycle_target_ratio.toFixed(3)} of ${CYCLE_TARGET_SECONDS} s), 1% changed ${r.cycle_one_percent_seconds.toFixed(2)} s, ` +
        `rate ${r.audit_rate.toFixed(0)}/s = ${r.ceiling_ratio.toFixed(2)} of the loopback ceiling, ` +
        `steady CPU ${(r.steady_cpu_share * 100).toFixed(1)}%, RSS ${r.rss_mib.toFixed(0)} MiB (${r.rss_limit_ratio.toFixed(2)} of 2 GiB)`,
    );
  }
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, `bench/results/dc-audit-${values.database}.json`), JSON.stringify(results, null, 2));
} finally {
  await controller?.stop();
  await hollow?.stop();
  await pg?.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The system controller's database, opened beside it, to make subclouds due now: these ids, or every one (null). */
async function openFleetDatabase(kind, url, file) {
  if (kind === 'postgres') {
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: url });
    await client.connect();
    return {
      makeDue: async (ids) => {
        if (ids === null) await client.query('update subcloud_audits set due_at = 0');
        else await client.query('update subcloud_audits set due_at = 0 where subcloud_id = any($1)', [ids]);
      },
      close: () => client.end(),
    };
  }
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(file);
  sqlite.pragma('busy_timeout = 10000');
  return {
    makeDue: async (ids) => {
      if (ids === null) return void sqlite.prepare('update subcloud_audits set due_at = 0').run();
      const one = sqlite.prepare('update subcloud_audits set due_at = 0 where subcloud_id = ?');
      sqlite.transaction(() => ids.forEach((id) => one.run(id)))();
    },
    close: async () => sqlite.close(),
  };
}
