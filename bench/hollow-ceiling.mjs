#!/usr/bin/env node
// The loopback HTTP ceiling of hollow subclouds: a bare client (node:http, `agent: false`, `Connection: close`, one new
// connection per request, 512 in flight) fetches `GET /dcagent/v1/audit` with If-None-Match from 10,000 and 100,000
// distinct hollow subclouds served by one `murmur hollow-subclouds` process, each on its own loopback address.
// Reports requests/s, the time of one pass over every subcloud (an audit cycle with nothing changed), the CPU of the
// client and of the hollow process (and so what one hollow answer costs), and the machine's limits that bound it:
// open files, time-wait buckets, the ephemeral port range. Ratios: the 100,000-subcloud cycle against the 30 s audit
// target, a hollow answer's CPU against its 30 µs budget, and the rate at 100,000 subclouds against the rate at 10,000.
// The fleet audit benchmark reuses the measurement (bench/loopback-ceiling.mjs) in its own run.
//
//   node bench/hollow-ceiling.mjs [--counts 10000,100000] [--passes 2] [--concurrency 512]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startHollowSubclouds } from '../test-support/murmur-processes.mjs';
import { CEILING_CONCURRENCY, hollowAuditTargets, measureLoopbackCeiling, tcpSockets } from './loopback-ceiling.mjs';
import { requireBuild, root, rssMiB } from './support.mjs';

const CYCLE_TARGET_SECONDS = 30;
const ANSWER_BUDGET_MICROS = 30;
const { values } = parseArgs({
  options: {
    counts: { type: 'string', default: '10000,100000' },
    passes: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: String(CEILING_CONCURRENCY) },
  },
});
const counts = values.counts.split(',').map(Number);
const passes = Number(values.passes);
const concurrency = Number(values.concurrency);
const fleetSize = Math.max(...counts);
const say = (line) => console.log(line);
const sysctl = (name) => readFileSync(`/proc/sys/${name.replace(/\./g, '/')}`, 'utf8').trim().replace(/\s+/g, '-');
const openFilesLimit = () => /Max open files\s+(\d+)\s+(\d+)/.exec(readFileSync('/proc/self/limits', 'utf8'))?.slice(1, 3).map(Number);

/** bench/bare-http-server.mjs as a process of its own: its port and PID, and how to stop it. */
async function startBareServer() {
  const child = spawn(process.execPath, [path.join(root, 'bench/bare-http-server.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(/** @type {import('node:stream').Readable} */ (child.stdout), 'data');
  const exited = once(child, 'exit');
  return { port: Number(String(chunk).trim()), pid: child.pid, stop: async () => { child.kill('SIGTERM'); await exited; } };
}

requireBuild();
const limits = {
  openFiles: openFilesLimit(),
  tcpMaxTwBuckets: Number(sysctl('net.ipv4.tcp_max_tw_buckets')),
  ephemeralPorts: sysctl('net.ipv4.ip_local_port_range'),
  tcpTwReuse: Number(sysctl('net.ipv4.tcp_tw_reuse')),
  somaxconn: Number(sysctl('net.core.somaxconn')),
};
say(`bench hollow-ceiling: ${fleetSize} hollow subclouds in one process, ${passes} passes per size, ${concurrency} in flight`);
say(`  machine: ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}; open files ${limits.openFiles?.join('/')} ` +
  `(soft/hard), tcp_max_tw_buckets ${limits.tcpMaxTwBuckets}, ephemeral ports ${limits.ephemeralPorts}, ` +
  `tcp_tw_reuse ${limits.tcpTwReuse}, somaxconn ${limits.somaxconn}`);

const started = performance.now();
const hollow = await startHollowSubclouds({ count: fleetSize, seed: 'bench-hollow-ceiling' });
const pid = /** @type {number} */ (hollow.process.pid);
try {
  say(`  hollow process pid ${pid} ready in ${((performance.now() - started) / 1000).toFixed(1)} s, RSS ${rssMiB(pid).toFixed(0)} MiB`);

  // Every subcloud joins once, as a system controller adds it: the same bare client, POST with its join token.
  const joinTargets = hollow.manifest.map((line) => ({
    host: new URL(line.url).hostname, port: hollow.port, token: line.join_token, etag: null,
  }));
  const join = await measureLoopbackCeiling({
    targets: joinTargets,
    hollowPid: pid,
    concurrency,
    shape: {
      method: 'POST',
      path: '/dcagent/v1/join',
      headers: () => ({ connection: 'close', 'content-type': 'application/json' }),
      body: (t) => JSON.stringify({
        join_token: t.token, name: 'bench', system_controller: { region: 'RegionOne', url: 'http://127.0.0.1:6385', software_version: '0.1.0' },
      }),
    },
  });
  if (join.statuses['200'] !== fleetSize) throw new Error(`joins: ${JSON.stringify(join.statuses)} ${JSON.stringify(join.errors)}`);
  say(`  joined ${fleetSize}: ${join.reqPerSec.toFixed(0)} joins/s, hollow ${join.hollowMicrosPerRequest.toFixed(0)} µs CPU per join`);

  const all = await hollowAuditTargets(hollow, [...Array(fleetSize).keys()]);
  say(`  hollow RSS after join and first answers: ${rssMiB(pid).toFixed(0)} MiB`);
  const runs = [];
  const variants = [
    ...counts.map((n) => ({ name: `304 (If-None-Match), ${n} subclouds`, n, etag: true })),
    { name: `200 (full report), ${Math.min(...counts)} subclouds`, n: Math.min(...counts), etag: false },
  ];
  // A short warm-up, so that the first figures are not the JIT's.
  await measureLoopbackCeiling({ targets: all.slice(0, 5000), hollowPid: pid, concurrency });
  for (const variant of variants) {
    const targets = all.slice(0, variant.n).map((t) => (variant.etag ? t : { ...t, etag: null }));
    await hollow.control.resetStats();
    const tw0 = tcpSockets().timeWait;
    const r = await measureLoopbackCeiling({ targets, hollowPid: pid, passes, concurrency });
    const stats = await hollow.control.stats();
    const audited = stats.audits;
    const everyOncePerPass =
      audited.slice(0, variant.n).every((a) => a === passes) && audited.slice(variant.n).every((a) => a === 0);
    const run = { name: variant.name, ...r, timeWaitBefore: tw0, everyOncePerPass, hollowRssMiB: rssMiB(pid) };
    runs.push(run);
    say(`  ${variant.name.padEnd(36)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  cycle ${r.cycleSeconds.toFixed(2)} s  ` +
      `p50 ${r.latencyMs.p50.toFixed(1)} ms p99 ${r.latencyMs.p99.toFixed(1)} ms  client CPU ${r.clientCpuPct.toFixed(0)}% ` +
      `(${r.clientMicrosPerRequest.toFixed(0)} µs/req)  hollow CPU ${r.hollowCpuPct.toFixed(0)}% (${r.hollowMicrosPerRequest.toFixed(0)} µs/req)`);
    say(`  ${''.padEnd(36)} statuses ${JSON.stringify(r.statuses)} errors ${JSON.stringify(r.errors)}; each subcloud once per pass: ` +
      `${everyOncePerPass ? 'yes' : 'NO'}; peak time-wait ${r.peak.timeWait} (before ${tw0}), TCP in use ${r.peak.tcpInUse}, ` +
      `fds hollow ${r.peak.hollowFds} client ${r.peak.clientFds}`);
  }

  // The same client against the floor: a bare node:http server answering 304 on the same addresses.
  const floorN = Math.min(...counts);
  const bare = await startBareServer();
  let floor;
  try {
    const targets = all.slice(0, floorN).map((t) => ({ ...t, port: bare.port }));
    await measureLoopbackCeiling({ targets: targets.slice(0, 5000), hollowPid: bare.pid, concurrency });
    floor = { name: `bare node:http 304, ${floorN} addresses`, ...(await measureLoopbackCeiling({ targets, hollowPid: bare.pid, passes, concurrency })) };
  } finally {
    await bare.stop();
  }
  // Answers on open connections: 512 subclouds, each on a kept-alive connection of its own.
  const keptOptions = { targets: all.slice(0, 512), hollowPid: pid, passes: 40, concurrency, keepAlive: true };
  const kept = { name: 'kept-alive connections, 512 subclouds', ...(await measureLoopbackCeiling(keptOptions)) };
  for (const r of [floor, kept]) {
    runs.push(r);
    say(`  ${r.name.padEnd(36)} ${r.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${r.latencyMs.p50.toFixed(1)} ms  ` +
      `client ${r.clientMicrosPerRequest.toFixed(0)} µs/req  server ${r.hollowMicrosPerRequest.toFixed(1)} µs/req  ` +
      `statuses ${JSON.stringify(r.statuses)} errors ${JSON.stringify(r.errors)}`);
  }

  const at = (n) => runs.find((r) => r.subclouds === n && r.name.startsWith('304'));
  const largest = at(Math.max(...counts));
  const smallest = at(Math.min(...counts));
  const cycleRatio = largest.cycleSeconds / CYCLE_TARGET_SECONDS;
  const answerRatio = largest.hollowMicrosPerRequest / ANSWER_BUDGET_MICROS;
  const scaling = largest.reqPerSec / smallest.reqPerSec;
  const twSaturated = runs.some((r) => r.peak.timeWait >= limits.tcpMaxTwBuckets * 0.95);
  say(`ceiling at ${largest.subclouds} subclouds: ${largest.reqPerSec.toFixed(0)} req/s, one pass in ${largest.cycleSeconds.toFixed(2)} s ` +
    `(ratio to the ${CYCLE_TARGET_SECONDS} s audit target: ${cycleRatio.toFixed(3)})`);
  say(`hollow answer: ${largest.hollowMicrosPerRequest.toFixed(1)} µs CPU per request, connection included ` +
    `(ratio to the ${ANSWER_BUDGET_MICROS} µs budget: ${answerRatio.toFixed(2)})`);
  say(`rate at ${largest.subclouds} / rate at ${smallest.subclouds} subclouds: ${scaling.toFixed(3)}`);
  const overFloor = smallest.hollowMicrosPerRequest / floor.hollowMicrosPerRequest;
  say(`hollow / bare node:http server at ${floorN} addresses: CPU per request ${overFloor.toFixed(2)}, rate ` +
    `${(smallest.reqPerSec / floor.reqPerSec).toFixed(3)}; on a kept-alive connection a hollow answer costs ` +
    `${kept.hollowMicrosPerRequest.toFixed(1)} µs`);
  say(`time-wait: peak ${Math.max(...runs.map((r) => r.peak.timeWait))} of ${limits.tcpMaxTwBuckets} buckets` +
    `${twSaturated ? ' (table full: the kernel drops further time-wait sockets at once; nothing failed)' : ''}; ` +
    `file descriptors: peak ${Math.max(...runs.map((r) => r.peak.hollowFds))} in the hollow process, ` +
    `${Math.max(...runs.map((r) => r.peak.clientFds))} in the client, of ${limits.openFiles?.[0]}`);
  const summary = {
    bench: 'hollow-ceiling', at: new Date().toISOString(), fleetSize, passes, concurrency, limits, loadAverage: os.loadavg(),
    join: { reqPerSec: join.reqPerSec, hollowMicrosPerRequest: join.hollowMicrosPerRequest },
    ceilingReqPerSec: largest.reqPerSec, cycleSeconds: largest.cycleSeconds, cycleRatio,
    cycleTargetSeconds: CYCLE_TARGET_SECONDS, hollowMicrosPerAnswer: largest.hollowMicrosPerRequest, answerRatio,
    answerBudgetMicros: ANSWER_BUDGET_MICROS, overFloor, keptAliveMicrosPerAnswer: kept.hollowMicrosPerRequest, scaling,
    twSaturated, runs,
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/hollow-ceiling.json'), JSON.stringify(summary, null, 2));
} finally {
  await hollow.stop();
}
