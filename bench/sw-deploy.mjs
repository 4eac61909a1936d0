// Benchmark: a sw-deploy strategy over HOSTS hollow hosts, workers in parallel groups of
// PARALLEL, where each host's install takes INSTALL_SECONDS (its pre-install hook sleeps).
// Prints the measured makespan against the ideal schedule for that parallelism
// (ceil(HOSTS / PARALLEL) × INSTALL_SECONDS) and the controller's CPU share while it ran.
//
//   node bench/sw-deploy.mjs            (HOSTS=200 PARALLEL=20 INSTALL_SECONDS=5)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cpuTicks, murmurBin, requireBuild, spawnHollowAgents, startController, TICKS_PER_SECOND } from './support.mjs';

const HOSTS = Number(process.env.HOSTS ?? 200);
const PARALLEL = Number(process.env.PARALLEL ?? 20);
const INSTALL_SECONDS = Number(process.env.INSTALL_SECONDS ?? 5);
const LIMIT = 1.1;

requireBuild();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const controller = await startController({ config: { systemMode: 'duplex', orchestration: { pollMs: 50, stabilizeSeconds: 0 } } });
let agents = null;
try {
  const { api } = controller;


  console.log(`bench: sw-deploy over ${HOSTS} hollow hosts, workers in parallel groups of ${PARALLEL}, each install ${INSTALL_SECONDS} s`);
  agents = await spawnHollowAgents(controller, { count: HOSTS, dir: path.join(controller.dir, 'hollow') });
  const joined = Date.now();
  while ((await api('GET', '/sysinv/v1/ihosts')).ihosts.filter((h) => h.availability === 'online').length < HOSTS) {
    if (Date.now() - joined > 300_000) throw new Error('hosts did not come online');
    await sleep(500);
  }

  const src = path.join(controller.dir, 'release');
  mkdirSync(path.join(src, 'hooks'), { recursive: true });
  writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id: 'bench-1.0.0', version: '1.0.0', hooks: { pre_install: 'hooks/pre.sh', timeout_seconds: 600 } }));
  writeFileSync(path.join(src, 'hooks', 'pre.sh'), `sleep ${INSTALL_SECONDS}\n`);
  const bundle = path.join(controller.dir, 'bench.tar.gz');
  const env = { ...process.env, OS_AUTH_URL: `${controller.url}/identity/v3` };
  execFileSync(process.execPath, [murmurBin, 'software', 'build-release', src, '--key', path.join(controller.data, 'release-signing-key.pem'), '-o', bundle], { env });
  const upload = await fetch(`${controller.url}/usm/v1/upload`, { method: 'POST', headers: { 'x-auth-token': controller.token, 'content-type': 'application/gzip' }, body: new Blob([readFileSync(bundle)]) });
  if (upload.status !== 200) throw new Error(`upload: ${upload.status} ${await upload.text()}`);

  const created = (await api('POST', '/nfv/api/orchestration/sw-upgrade/strategy', { release: 'bench-1.0.0', 'controller-apply-type': 'ignore', 'worker-apply-type': 'parallel', 'max-parallel-worker-hosts': PARALLEL })).strategy;
  const groups = created['apply-phase'].stages.filter((s) => s['stage-name'] === 'sw-upgrade-worker-hosts').length;
  const cpu0 = cpuTicks(controller.child.pid);
  const started = Date.now();
  await api('POST', '/nfv/api/orchestration/sw-upgrade/strategy/actions', { action: 'apply-all' });
  let state = 'applying';
  while (state === 'applying') {
    await sleep(100);
    state = (await api('GET', '/nfv/api/orchestration/sw-upgrade/strategy')).strategy.state;
  }
  const makespan = (Date.now() - started) / 1000;
  const cpu = (cpuTicks(controller.child.pid) - cpu0) / TICKS_PER_SECOND / makespan;
  if (state !== 'applied') throw new Error(`the strategy ended ${state}`);
  const ideal = Math.ceil(HOSTS / PARALLEL) * INSTALL_SECONDS;
  const deployed = (await api('GET', '/usm/v1/deploy_host')).filter((h) => h.software_release === 'bench-1.0.0').length;
  console.log(`strategy applied: ${groups} worker stages, ${deployed} of ${HOSTS} hosts on bench-1.0.0`);
  console.log(`  makespan ${makespan.toFixed(1)} s; ideal ${ideal} s (ceil(${HOSTS}/${PARALLEL}) × ${INSTALL_SECONDS} s); ratio ${(makespan / ideal).toFixed(3)} (limit ${LIMIT})`);
  console.log(`  controller CPU while applying: ${(cpu * 100).toFixed(1)}% of one core`);
} finally {
  if (agents && agents.exitCode === null) agents.kill('SIGKILL');
  await controller.stop();
}
