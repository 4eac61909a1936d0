// Benchmark: one controller and HOSTS hollow hosts heartbeating at the default 100 ms.
// Reports the controller's CPU share and resident memory at steady state, and how long after
// a host stops heartbeating its failure is marked (median and worst over VICTIMS hosts whose
// agent process is killed), against the configured failure threshold.
//
//   node bench/hosts-heartbeat.mjs            (HOSTS=1000 VICTIMS=50 STEADY_SECONDS=20 PROFILE=small-aio)
import path from 'node:path';
import { cpuTicks, median, requireBuild, rssMiB, spawnHollowAgents, startController, TICKS_PER_SECOND } from './support.mjs';

const HOSTS = Number(process.env.HOSTS ?? 1000);
const VICTIMS = Number(process.env.VICTIMS ?? 50);
const STEADY_SECONDS = Number(process.env.STEADY_SECONDS ?? 20);
const PROFILE = process.env.PROFILE ?? 'small-aio';
const PERIOD_MS = 100;
const FAIL_AFTER = 10;
const CPU_LIMIT = 0.35;
const RSS_LIMIT_MIB = 300;

requireBuild();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (line) => console.log(line);

const controller = await startController({ config: { systemMode: 'duplex', maintenance: { offlineAfterMs: 600_000 } } });
const agents = [];
try {
  const { api } = controller;

  say(`bench: ${HOSTS} hollow hosts (profile ${PROFILE}), heartbeat every ${PERIOD_MS} ms, failure after ${FAIL_AFTER} missed`);
  // The victims run in a process of their own, so that killing it stops exactly their heartbeats.
  const groups = [
    { name: 'steady', first: 0, count: HOSTS - VICTIMS },
    { name: 'victims', first: HOSTS - VICTIMS, count: VICTIMS },
  ];
  for (const group of groups) {
    const child = await spawnHollowAgents(controller, {
      count: group.count,
      first: group.first,
      dir: path.join(controller.dir, group.name),
      profile: PROFILE,
    });
    agents.push({ ...group, child });
  }

  const joinStart = Date.now();
  for (;;) {
    const hosts = (await api('GET', '/sysinv/v1/ihosts')).ihosts;
    const online = hosts.filter((h) => h.availability === 'online').length;
    if (online === HOSTS) break;
    for (const a of agents) if (a.child.exitCode !== null) throw new Error(`the ${a.name} agent process exited (${a.child.exitCode}); see ${controller.dir}/${a.name}/agent.log`);
    if (Date.now() - joinStart > 300_000) throw new Error(`only ${online} of ${HOSTS} hosts online after 300 s`);
    await sleep(1000);
  }
  say(`bench: all ${HOSTS} hosts joined, reported and online in ${((Date.now() - joinStart) / 1000).toFixed(1)} s`);

  // Failure is marked (200.004) only on unlocked hosts: unlock the victims.
  for (let i = HOSTS - VICTIMS; i < HOSTS; i++) await api('PATCH', `/sysinv/v1/ihosts/compute-${i}`, [{ op: 'replace', path: '/action', value: 'unlock' }]);
  await sleep(3000);

  const beatsBefore = await heartbeatCount();
  const t0 = cpuTicks(controller.child.pid);
  const agentTicks0 = agents.map((a) => cpuTicks(a.child.pid));
  const w0 = Date.now();
  await sleep(STEADY_SECONDS * 1000);
  const seconds = (Date.now() - w0) / 1000;
  const cpu = (cpuTicks(controller.child.pid) - t0) / TICKS_PER_SECOND / seconds;
  const agentCpu = agents.reduce(
    (sum, a, i) => sum + (cpuTicks(a.child.pid) - agentTicks0[i]) / TICKS_PER_SECOND / seconds,
    0,
  );
  const beatsPerSecond = ((await heartbeatCount()) - beatsBefore) / seconds;
  const rss = rssMiB(controller.child.pid);
  say(`steady state over ${seconds.toFixed(1)} s: ${Math.round(beatsPerSecond)} heartbeats/s received (expected ${HOSTS * (1000 / PERIOD_MS)})`);
  say(`  controller CPU ${(cpu * 100).toFixed(1)}% of one core (limit ${CPU_LIMIT * 100}%: ratio ${(cpu / CPU_LIMIT).toFixed(2)})`);
  say(`  controller RSS ${rss.toFixed(0)} MiB (limit ${RSS_LIMIT_MIB} MiB: ratio ${(rss / RSS_LIMIT_MIB).toFixed(2)})`);
  say(`  hollow agent processes CPU ${(agentCpu * 100).toFixed(1)}% of one core in all`);

  // Stop the victims' heartbeats at once and read when each failure was marked (the 200.004 set time).
  const victims = agents.find((a) => a.name === 'victims');
  const killedAt = Date.now();
  victims.child.kill('SIGKILL');
  const marked = new Map();
  while (marked.size < VICTIMS && Date.now() - killedAt < 15_000) {
    await sleep(250);
    const events = (await api('GET', '/fm/v1/event_log?alarms=True&limit=500&q.field=event_log_id&q.op=eq&q.value=200.004')).event_log;
    for (const e of events) {
      const at = Date.parse(e.timestamp);
      if (e.state === 'set' && at >= killedAt) marked.set(e.entity_instance_id, at - killedAt);
    }
  }
  const delays = [...marked.values()];
  const threshold = FAIL_AFTER * PERIOD_MS;
  say(`failure detection for ${marked.size} of ${VICTIMS} stopped hosts (threshold ${threshold} ms, target threshold + one period = ${threshold + PERIOD_MS} ms):`);
  if (delays.length > 0) {
    say(`  median ${median(delays)} ms, worst ${Math.max(...delays)} ms, best ${Math.min(...delays)} ms (from the kill; each host's last beat was up to ${PERIOD_MS} ms earlier)`);
    say(`  worst / target: ${(Math.max(...delays) / (threshold + PERIOD_MS)).toFixed(2)}`);
  }

  async function heartbeatCount() {
    const res = await fetch(`${controller.url}/metrics`, { headers: { 'x-auth-token': controller.token } });
    const match = /^murmur_agent_heartbeats_total (\d+)/m.exec(await res.text());
    return match ? Number(match[1]) : NaN;
  }
} finally {
  for (const a of agents) if (a.child.exitCode === null) a.child.kill('SIGKILL');
  await controller.stop();
}
