#!/usr/bin/env node
// A real admin login while floods of wrong-password logins arrive, against the same login alone.
//
// Starts the built controller on embedded SQLite with its default password-hash cost and login
// throttle. Clients bind to their own loopback addresses (127.0.x.y), so the controller sees each
// flood source as a different address. For each scenario: fire the flood, start the admin's login
// (from an address that logged in before) right behind it, and time the admin's answer. Prints the
// admin's latency alone and under each flood, their ratio, how the flood was answered and how many
// audit entries it left.
//
//   node bench/login-flood.mjs [--flood 300] [--runs 3]
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { median, requireBuild, root, startController } from './support.mjs';

const LIMIT = 3; // the admin's login under a flood may take at most this many times its time alone
const { values } = parseArgs({ options: { flood: { type: 'string', default: '300' }, runs: { type: 'string', default: '3' } } });
const floodSize = Number(values.flood);
const runs = Number(values.runs);

requireBuild();
const controller = await startController();
const { port } = new URL(controller.url);
const OPERATOR = '127.0.0.1';

/** One login over its own connection from `from`; resolves to the status and the time it took. */
function login(name, password, from) {
  const body = JSON.stringify({
    auth: {
      identity: { methods: ['password'], password: { user: { name, password, domain: { name: 'Default' } } } },
      scope: { project: { name: 'admin', domain: { name: 'Default' } } },
    },
  });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, localAddress: from, method: 'POST', path: '/identity/v3/auth/tokens', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const auditHead = async () => (await controller.api('GET', '/audit/v1/verify')).head_seq;
const operatorLogin = () => login('admin', controller.password, OPERATOR);

const SCENARIOS = [
  { name: 'one address', sources: 1 },
  { name: '30 addresses', sources: 30 },
  { name: `${floodSize} addresses`, sources: floodSize },
];
let scenarioIndex = 0;
async function flood(scenario) {
  scenarioIndex++;
  const guesses = Array.from({ length: floodSize }, (_, i) => {
    const s = i % scenario.sources;
    const from = `127.${10 + scenarioIndex}.${Math.floor(s / 250)}.${(s % 250) + 1}`;
    return login(`nobody-${scenarioIndex}-${i}`, `wrong-${i}`, from);
  });
  const operator = operatorLogin();
  const answers = await Promise.all(guesses);
  const admin = await operator;
  if (admin.status !== 201) throw new Error(`${scenario.name}: the admin's login was answered ${admin.status}`);
  const byStatus = {};
  for (const a of answers) byStatus[a.status] = (byStatus[a.status] ?? 0) + 1;
  return { adminMs: admin.ms, floodMs: Math.max(...answers.map((a) => a.ms)), byStatus };
}

try {
  console.log(`bench login-flood: ${floodSize} wrong-password logins per flood, ${runs} runs, controller pid ${controller.child.pid}`);
  await operatorLogin(); // warm-up; also makes the operator's address known-good
  const alone = [];
  for (let i = 0; i < 5; i++) alone.push((await operatorLogin()).ms);
  const aloneMs = median(alone);
  console.log(`  admin login alone: median ${aloneMs.toFixed(0)} ms (${alone.map((m) => m.toFixed(0)).join(', ')})`);
  const results = [];
  for (const scenario of SCENARIOS) {
    const adminMs = [];
    let last;
    for (let r = 0; r < runs; r++) {
      const before = await auditHead();
      last = await flood(scenario);
      // Every flood comes from addresses of its own, so no run starts inside another's throttle window.
      adminMs.push(last.adminMs);
      last.auditEntries = (await auditHead()) - before;
      console.log(
        `  ${scenario.name.padEnd(16)} run ${r + 1}: admin ${last.adminMs.toFixed(0).padStart(5)} ms, flood done in ${last.floodMs.toFixed(0).padStart(6)} ms, answers ${JSON.stringify(last.byStatus)}, audit +${last.auditEntries}`,
      );
    }
    const ratio = median(adminMs) / aloneMs;
    results.push({ scenario: scenario.name, sources: scenario.sources, adminMedianMs: median(adminMs), ratio, last });
    console.log(`  ${scenario.name.padEnd(16)} admin median ${median(adminMs).toFixed(0)} ms = ${ratio.toFixed(2)}x alone (limit ${LIMIT}x) ${ratio <= LIMIT ? 'MET' : 'NOT MET'}`);
  }
  const summary = { bench: 'login-flood', at: new Date().toISOString(), floodSize, runs, aloneMs, limit: LIMIT, results };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/login-flood.json'), JSON.stringify(summary, null, 2));
} finally {
  await controller.stop();
}
