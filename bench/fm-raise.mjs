#!/usr/bin/env node
// Fault management: durable alarm raises and clears against Prometheus Alertmanager's in-memory
// ingest, then alarm and event listing at scale, in one run on this machine.
//
// (a) Starts the built controller on embedded SQLite (default settings, logs to a file) and, for
//     each run, a fresh Prometheus Alertmanager (127.0.0.1, no cluster, one `null` receiver,
//     group_by alertname). Alternates runs of the same number of requests at the same
//     concurrency: `POST /fm/v1/alarms` (each connection sets an alarm on a new entity, then
//     clears it; each answer comes only after the change is committed and synced) and
//     `POST /api/v2/alerts` (the same alarm as a firing alert, then resolved; kept in memory).
//     Prints every run, the medians and the ratio (target >= 1.0).
// (b) Leaves the event log full (100,000 records: the retention cap), raises alarms until 10,000
//     are active, and measures one request at a time: `GET /fm/v1/alarms` (one page, and every
//     page as `fm alarm-list` reads them), `murmur fm alarm-list` end to end (a CLI process), the
//     summary and the event log. The API ceiling is measured in the same run as the foundation
//     benchmark measures it: `GET /health` under 16 connections. Target: listing costs less per
//     alarm than the cheapest request at the ceiling, i.e. the whole listing delivers alarms
//     faster than the ceiling serves requests (alarms listed per second / ceiling req/s >= 1).
//
//   node bench/fm-raise.mjs [--requests 200000] [--runs 3] [--connections 64] [--alarms 10000]
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { cpuTicks, median, murmurBin, requireBuild, root, rssMiB, startController, TICKS_PER_SECOND } from './support.mjs';

const RAISE_TARGET = 1.0;
const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '200000' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    alarms: { type: 'string', default: '10000' },
    events: { type: 'string', default: '100000' },
  },
});
const requests = Number(values.requests);
const runs = Number(values.runs);
const connections = Number(values.connections);
const activeAlarms = Number(values.alarms);
const wantedEvents = Number(values.events);

const bin = murmurBin;
const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
requireBuild();
if (!existsSync(ALERTMANAGER)) {
  console.error('bench: needs Prometheus Alertmanager (apt-get install -y prometheus-alertmanager)');
  process.exit(2);
}

const percentile = (xs, p) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

// Trim the event log every second (default: every minute), so that the listings see it at its cap.
const controller = await startController({ config: { fault: { trimIntervalSeconds: 1 } } });
const { dir, data } = controller;

/** A fresh Alertmanager for one run: its alert store grows with every alert, as it would in service. */
async function startAlertmanager() {
  const amDir = mkdtempSync(path.join(dir, 'am-'));
  const config = path.join(amDir, 'alertmanager.yml');
  writeFileSync(config, "route:\n  receiver: 'null'\n  group_by: ['alertname']\nreceivers:\n  - name: 'null'\n");
  const port = await freePort();
  const child = spawn(
    ALERTMANAGER,
    [`--config.file=${config}`, `--storage.path=${path.join(amDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { stdio: ['ignore', openSync(path.join(amDir, 'alertmanager.log'), 'w'), 'inherit'] },
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`alertmanager exited ${child.exitCode}`);
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) {
      await sleep(1000);
      return { child, url };
    }
    await sleep(100);
  }
  throw new Error('alertmanager did not become ready');
}

const REASON = 'Platform CPU threshold exceeded; threshold 90.00%, actual 95.31%';

/**
 * The two requests each connection repeats: a set on a new entity, then its clear. autocannon
 * keeps one context per connection through a round of requests, and a connection waits for an
 * answer before it sends again, so a clear never overtakes its set.
 */
function setThenClear(prefix, body) {
  let next = 0;
  return [
    {
      setupRequest: (req, context) => {
        context.entity = `host=${prefix}-${next++}`;
        req.body = body(context.entity, 'set');
        return req;
      },
    },
    { setupRequest: (req, context) => ({ ...req, body: body(context.entity, 'clear') }) },
  ];
}

const fmBody = (entity, state) =>
  JSON.stringify(state === 'set' ? { alarm_id: '100.101', alarm_state: 'set', entity_instance_id: entity, severity: 'major', reason_text: REASON } : { alarm_id: '100.101', alarm_state: 'clear', entity_instance_id: entity });

const amBody = (entity, state) => {
  const now = new Date().toISOString();
  return JSON.stringify([
    {
      labels: { alertname: 'platform_cpu_threshold', alarm_id: '100.101', entity_instance_id: entity, severity: 'major' },
      annotations: { reason_text: REASON },
      startsAt: now,
      ...(state === 'clear' ? { endsAt: now } : {}),
    },
  ]);
};

/**
 * Runs `requests` requests and measures up to the last answer: autocannon notices that a
 * request count is reached only on its next one-second tick, which would round runs up.
 */
async function load(name, pid, options) {
  const before = cpuTicks(pid);
  const started = performance.now();
  let last = started;
  const result = await new Promise((resolve, reject) => {
    const instance = autocannon({ connections, amount: requests, method: 'POST', ...options }, (error, r) => (error ? reject(error) : resolve(r)));
    instance.on('response', () => (last = performance.now()));
  });
  const seconds = (last - started) / 1000;
  const cpu = ((cpuTicks(pid) - before) / TICKS_PER_SECOND / seconds) * 100;
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  const done = result['2xx'];
  return {
    name,
    requests: done,
    perSec: done / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPct: cpu,
    rssMiB: rssMiB(pid),
  };
}

async function raiseRun(base, token, round) {
  return load('murmur POST /fm/v1/alarms (durable)', controller.child.pid, {
    url: `${base}/fm/v1/alarms`,
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
    requests: setThenClear(`r${round}`, fmBody),
  });
}

async function alertmanagerRun(round) {
  const am = await startAlertmanager();
  try {
    const r = await load('Alertmanager POST /api/v2/alerts (memory)', am.child.pid, {
      url: `${am.url}/api/v2/alerts`,
      headers: { 'content-type': 'application/json' },
      requests: setThenClear(`r${round}`, amBody),
    });
    const metrics = await (await fetch(`${am.url}/metrics`)).text();
    const received = [...metrics.matchAll(/^alertmanager_alerts_received_total\{[^}]*\} (\S+)$/gm)].reduce((s, m) => s + Number(m[1]), 0);
    if (received < r.requests) throw new Error(`alertmanager counted ${received} alerts for ${r.requests} acknowledged requests`);
    return r;
  } finally {
    await stop(am.child);
  }
}

const print = (round, r) =>
  console.log(
    `  run ${round}  ${r.name.padEnd(44)} ${r.perSec.toFixed(0).padStart(7)} changes/s  p50 ${r.p50} ms  p99 ${r.p99} ms  CPU ${r.cpuPct.toFixed(0)}%  RSS ${r.rssMiB.toFixed(0)} MiB`,
  );

/** Wall times of `times` sequential calls of `work`, in ms. */
async function timed(times, work) {
  const out = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await work();
    out.push(performance.now() - t);
  }
  return out;
}

async function getJson(url, token) {
  const res = await fetch(url, { headers: { 'x-auth-token': token } });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Every active alarm, page after page, as `fm alarm-list` reads them. */
async function wholeList(base, token) {
  const all = [];
  let url = `${base}/fm/v1/alarms`;
  let pages = 0;
  for (;;) {
    const page = await getJson(url, token);
    pages++;
    all.push(...page.alarms);
    if (!page.next || page.alarms.length === 0) return { count: all.length, pages };
    url = `${base}/fm/v1/alarms?${new URL(page.next).searchParams}`;
  }
}

const cli = promisify(execFile);
const openrc = () =>
  Object.fromEntries(
    [...readFileSync(path.join(data, 'openrc'), 'utf8').matchAll(/^export (\w+)=(.*)$/gm)].map(([, k, v]) => [k, v.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1')]),
  );

try {
  const base = controller.url;
  const token = controller.token;
  console.log(`bench fm-raise: ${runs} alternating runs of ${requests} requests each (set, then clear, per connection), ${connections} connections`);

  // (a) raises and clears
  await raiseRun(base, token, 'warm');
  await alertmanagerRun('warm');
  const results = [];
  for (let i = 1; i <= runs; i++) {
    for (const r of [await raiseRun(base, token, i), await alertmanagerRun(i)]) {
      results.push(r);
      print(i, r);
    }
  }
  const ours = median(results.filter((r) => r.name.startsWith('murmur')).map((r) => r.perSec));
  const theirs = median(results.filter((r) => r.name.startsWith('Alertmanager')).map((r) => r.perSec));
  const ratio = ours / theirs;
  console.log(`median durable raises+clears:       ${ours.toFixed(0)} /s`);
  console.log(`median Alertmanager in-memory:      ${theirs.toFixed(0)} /s`);
  console.log(`ratio: ${ratio.toFixed(3)} (target >= ${RAISE_TARGET}) ${ratio >= RAISE_TARGET ? 'MET' : 'NOT MET'}`);

  // (b) listings: fill the event log to its cap, then 10,000 active alarms
  const db = new Database(path.join(data, 'murmur.db'), { readonly: true, fileMustExist: true });
  const count = (table) => db.prepare(`SELECT count(*) AS n FROM ${table}`).get().n;
  const topUp = Math.max(0, wantedEvents - count('event_log'));
  if (topUp > 0) {
    await autocannon({
      url: `${base}/fm/v1/alarms`,
      connections,
      amount: topUp,
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/json' },
      requests: setThenClear('fill', fmBody),
    });
  }
  const ALARMS = [
    ['100.101', 'major', (h) => `host=compute-${h}`],
    ['100.103', 'critical', (h) => `host=compute-${h}.memory=platform`],
    ['100.104', 'major', (h) => `host=compute-${h}.filesystem=/var/log`],
    ['200.006', 'minor', (h) => `host=compute-${h}.process=sm`],
  ];
  // The set/clear runs can leave a set without its clear (a run stops at a request count).
  const toRaise = activeAlarms - count('alarms');
  let raised = 0;
  const fill = await autocannon({
    url: `${base}/fm/v1/alarms`,
    connections,
    amount: toRaise,
    method: 'POST',
    headers: { 'x-auth-token': token, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (req) => {
          const n = raised++;
          const [alarm_id, severity, entity] = ALARMS[n % ALARMS.length];
          req.body = JSON.stringify({ alarm_id, alarm_state: 'set', entity_instance_id: entity(Math.floor(n / ALARMS.length)), severity, reason_text: REASON });
          return req;
        },
      },
    ],
  });
  if (fill.non2xx + fill.errors > 0) throw new Error(`raising ${toRaise} alarms: ${fill.non2xx} non-2xx, ${fill.errors} errors`);
  await sleep(2000);
  const events = count('event_log');
  const alarmsNow = count('alarms');
  db.close();
  console.log(`listing with ${alarmsNow} active alarms and ${events} event-log records (one request at a time):`);

  const whole = await wholeList(base, token);
  if (whole.count !== alarmsNow) throw new Error(`listing returned ${whole.count} alarms, the database holds ${alarmsNow}`);
  const env = { ...process.env, ...openrc(), XDG_CACHE_HOME: path.join(dir, 'cache') };
  await cli(process.execPath, [bin, 'fm', 'alarm-list', '-f', 'value', '-c', 'UUID', '--uuid'], { env, maxBuffer: 64 << 20 });
  const lines = (await cli(process.execPath, [bin, 'fm', 'alarm-list', '-f', 'value', '-c', 'UUID', '--uuid'], { env, maxBuffer: 64 << 20 })).stdout.trim().split('\n');
  if (lines.length !== alarmsNow) throw new Error(`murmur fm alarm-list printed ${lines.length} alarms, the database holds ${alarmsNow}`);

  const listings = [
    ['GET /fm/v1/alarms (first page)', 30, () => getJson(`${base}/fm/v1/alarms`, token)],
    [`GET /fm/v1/alarms, all ${whole.pages} pages`, 15, () => wholeList(base, token)],
    ['murmur fm alarm-list (CLI process, table)', 5, () => cli(process.execPath, [bin, 'fm', 'alarm-list', '--nowrap'], { env, maxBuffer: 64 << 20 })],
    ['GET /fm/v1/alarms/summary', 50, () => getJson(`${base}/fm/v1/alarms/summary`, token)],
    ['GET /fm/v1/event_log (first page, newest)', 30, () => getJson(`${base}/fm/v1/event_log`, token)],
    ['GET /fm/v1/event_log?limit=20', 50, () => getJson(`${base}/fm/v1/event_log?limit=20`, token)],
    ["GET /fm/v1/event_log?alarms=True&q (one entity)", 30, () => getJson(`${base}/fm/v1/event_log?alarms=True&q.field=entity_instance_id&q.op=eq&q.type=&q.value=host%3Dcompute-7`, token)],
  ];
  const latencies = [];
  for (const [name, times, work] of listings) {
    await work();
    const ms = await timed(times, work);
    const row = { name, samples: times, p50: median(ms), p99: percentile(ms, 99) };
    latencies.push(row);
    console.log(`  ${name.padEnd(46)} p50 ${row.p50.toFixed(1).padStart(7)} ms  max ${row.p99.toFixed(1).padStart(7)} ms`);
  }

  const ceilingLoad = await autocannon({ url: `${base}/health`, connections: 16, duration: 10 });
  const ceiling = {
    reqPerSec: ceilingLoad.requests.average,
    p50: ceilingLoad.latency.p50,
    p99: ceilingLoad.latency.p99,
  };
  console.log(`API ceiling (GET /health, 16 connections, 10 s): ${ceiling.reqPerSec.toFixed(0)} req/s, p50 ${ceiling.p50} ms, p99 ${ceiling.p99} ms`);
  const listAll = latencies[1];
  const alarmsPerSec = alarmsNow / (listAll.p50 / 1000);
  const listRatio = alarmsPerSec / ceiling.reqPerSec;
  console.log(
    `whole listing: ${alarmsPerSec.toFixed(0)} alarms/s (p50) against the ceiling's ${ceiling.reqPerSec.toFixed(0)} req/s: ratio ${listRatio.toFixed(2)} (target >= 1) ${listRatio >= 1 ? 'MET' : 'NOT MET'}`,
  );

  const summary = {
    bench: 'fm-raise',
    at: new Date().toISOString(),
    requests,
    runs,
    connections,
    durableChangesPerSec: ours,
    alertmanagerAlertsPerSec: theirs,
    ratio,
    target: RAISE_TARGET,
    results,
    listing: {
      activeAlarms: alarmsNow,
      events,
      pages: whole.pages,
      latencies,
      ceiling,
      alarmsPerSec,
      ratio: listRatio,
    },
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/fm-raise.json'), JSON.stringify(summary, null, 2));
} finally {
  await controller.stop();
}
