import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, MURMUR_BIN, murmur, readOpenrc, startController, stopController, type RunningController } from './support/murmur-process.js';

/** A `murmur agent` process. */
interface AgentProcess {
  readonly child: ChildProcess;
  readonly log: () => string;
  readonly exited: Promise<number | null>;
}

/**
 * A controller and three host agents as separate real processes: two impersonate shipped
 * hardware fixtures, the third reads the machine running the tests. Heartbeats, failure
 * detection, recovery, configuration and the lifecycle rules are checked end to end.
 */
describe('host agents against a real controller', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-agents-'));
  const data = path.join(dir, 'data');
  let controller: RunningController;
  let env: Record<string, string>;
  let token = '';
  const agents = new Map<string, AgentProcess>();
  const usedTokens: string[] = [];

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${controller.url}${url}`, {
      method,
      headers: { 'x-auth-token': token, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.text()) || 'null' };
  };
  const host = async (name: string) => JSON.parse((await api('GET', `/sysinv/v1/ihosts/${name}`)).body);
  const alarms = async (name: string) =>
    (JSON.parse((await api('GET', `/fm/v1/alarms?q.field=entity_instance_id&q.op=eq&q.value=host=${name}`)).body).alarms as Array<{ alarm_id: string; severity: string }>)
      .map((a) => `${a.alarm_id}:${a.severity}`)
      .sort();
  /** Polls until `check` holds, returning every distinct value seen on the way. */
  const until = async <T>(
    what: string,
    read: () => Promise<T>,
    check: (value: T) => boolean,
    timeoutMs = 20_000,
  ): Promise<T[]> => {
    const seen: T[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (seen.length === 0 || JSON.stringify(seen.at(-1)) !== JSON.stringify(value)) seen.push(value);
      if (check(value)) return seen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; saw ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const states = async (name: string) => {
    const h = await host(name);
    return `${h.administrative}/${h.operational}/${h.availability}`;
  };

  const startAgent = (name: string, args: string[]): AgentProcess => {
    const child = spawn(MURMUR_BIN, ['agent', '--controller', controller.url, '--state-dir', path.join(dir, name), '--hostname', name, '--inventory-interval', '1', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const agent = { child, log: () => log, exited: new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code))) };
    agents.set(name, agent);
    return agent;
  };
  const newToken = async () => {
    const created = await murmur(['system', 'host-bootstrap-token', 'create', '--description', 'e2e', '-f', 'json'], env);
    expect(created.code, created.stderr).toBe(0);
    return JSON.parse(created.stdout).token as string;
  };

  beforeAll(async () => {
    const config = path.join(dir, 'config.json');
    // Heartbeats every 100 ms as by default; a wider window between degraded and failed than the
    // default 6 and 10, so that a test machine under load still sees the degraded step.
    writeFileSync(
      config,
      JSON.stringify({
        maintenance: { failureThreshold: 16, offlineAfterMs: 2000, configGraceMs: 1000, startupGraceMs: 2000 },
      }),
    );
    controller = await startController(['--data', data, '--system-mode', 'duplex', '--config', config]);
    env = readOpenrc(path.join(data, 'openrc'));
    token = await adminToken(controller.url, controller.adminPassword!);
    const workers: Array<[string, string[]]> = [
      ['compute-0', ['--profile', 'dual-socket-server']],
      ['compute-1', ['--profile', 'small-aio']],
      ['compute-2', []],
    ];
    for (const [name, args] of workers) {
      usedTokens.push(await newToken());
      startAgent(name, ['--bootstrap-token', usedTokens.at(-1)!, '--personality', 'worker', ...args]);
    }
    for (const [name] of workers) await until(`${name} online`, () => states(name), (s) => s === 'locked/disabled/online');
  }, 120_000);

  afterAll(async () => {
    for (const agent of agents.values()) agent.child.kill('SIGKILL');
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows every agent as a locked, online host with its inventory reported', async () => {
    for (const name of ['compute-0', 'compute-1', 'compute-2']) {
      expect(await host(name)).toMatchObject({ hostname: name, personality: 'worker', inv_state: 'inventoried', administrative: 'locked', availability: 'online' });
    }
    const list = await murmur(['system', 'host-bootstrap-token', 'list', '-f', 'json'], env);
    expect(JSON.parse(list.stdout).map((t: { state: string }) => t.state)).toEqual(['used', 'used', 'used']);
  });

  it('prints hosts and their inventory with the system client\'s columns', async () => {
    const header = async (args: string[]) => {
      const r = await murmur(args, env);
      expect(r.code, r.stderr).toBe(0);
      return r.stdout.split('\n')[1]!.split('|').map((c) => c.trim()).filter(Boolean);
    };
    expect(await header(['system', 'host-list'])).toEqual(['id', 'hostname', 'personality', 'administrative', 'operational', 'availability']);
    expect(await header(['system', 'host-cpu-list', 'compute-0'])).toEqual(['uuid', 'log_core', 'processor', 'phy_core', 'thread', 'processor_model', 'assigned_function']);
    expect(await header(['system', 'host-memory-list', 'compute-0'])).toEqual([
      'processor', 'mem_total(MiB)', 'mem_platform(MiB)', 'mem_avail(MiB)', 'hugepages(hp)_configured', 'vs_hp_size(MiB)', 'vs_hp_total', 'vs_hp_avail',
      'vs_hp_reqd', 'app_total_4K', 'app_hp_as_percentage', 'app_hp_total_2M', 'app_hp_avail_2M', 'app_hp_pending_2M', 'app_hp_total_1G',
      'app_hp_avail_1G', 'app_hp_pending_1G', 'app_hp_use_1G',
    ]);
    expect(await header(['system', 'host-disk-list', 'compute-0'])).toEqual(['uuid', 'device_node', 'device_num', 'device_type', 'size_gib', 'available_gib', 'rpm', 'serial_id', 'device_path']);
    expect(await header(['system', 'host-port-list', 'compute-0'])).toEqual(['uuid', 'name', 'type', 'pci address', 'device', 'processor', 'accelerated', 'device type']);
    expect(await header(['system', 'host-if-list', '-a', 'compute-0'])).toEqual(['uuid', 'name', 'class', 'type', 'vlan id', 'ports', 'uses i/f', 'used by i/f', 'attributes']);

    const cpus = JSON.parse((await murmur(['system', 'host-cpu-list', 'compute-0', '-f', 'json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(cpus).toHaveLength(32);
    expect(cpus[17]).toMatchObject({ log_core: 17, processor: 0, phy_core: 1, thread: 1, assigned_function: 'Application' });
    const disks = JSON.parse((await murmur(['system', 'host-disk-list', 'compute-0', '-f', 'json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(disks.map((d) => [d['device_node'], d['size_gib'], d['rpm']])).toEqual([['/dev/nvme0n1', 931.513, 'N/A'], ['/dev/sda', 3726.022, 'Undetermined']]);
    const memory = JSON.parse((await murmur(['system', 'host-memory-list', 'compute-0', '-f', 'json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(memory.map((m) => [m['processor'], m['mem_total(MiB)'], m['app_hp_total_1G']])).toEqual([[0, 65_536, 8], [1, 65_536, 4]]);
    const interfaces = JSON.parse((await murmur(['system', 'host-if-list', '-a', 'compute-0', '-f', 'json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(interfaces.map((i) => i['uuid'])).toEqual(interfaces.map((i) => i['uuid']).sort());
    expect(interfaces.find((i) => i['name'] === 'enp81s0f0')).toMatchObject({ class: null, type: 'ethernet', ports: "['enp81s0f0']", attributes: 'MTU=9000' });
    // Unconfigured interfaces are hidden without -a, as the system client hides them.
    expect(JSON.parse((await murmur(['system', 'host-if-list', 'compute-0', '-f', 'json'], env)).stdout)).toEqual([]);
    // The machine running the tests, as its agent found it.
    const real = JSON.parse((await murmur(['system', 'host-cpu-list', 'compute-2', '-f', 'json'], env)).stdout) as unknown[];
    expect(real).toHaveLength(Number(execFileSync('nproc', ['--all']).toString().trim()));
  });

  it('marks a killed agent\'s host degraded, then failed and offline with 200.005 and 200.004, and recovers it', async () => {
    expect((await murmur(['system', 'host-unlock', 'compute-0'], env)).code).toBe(0);
    await until('compute-0 available', () => states('compute-0'), (s) => s === 'unlocked/enabled/available');

    agents.get('compute-0')!.child.kill('SIGKILL');
    const seen = await until('compute-0 offline', () => states('compute-0'), (s) => s === 'unlocked/disabled/offline');
    expect(seen).toContain('unlocked/disabled/failed');
    expect(seen.indexOf('unlocked/disabled/failed')).toBeLessThan(seen.indexOf('unlocked/disabled/offline'));
    expect(await alarms('compute-0')).toEqual(['200.004:critical', '200.005:critical']);
    // The event log keeps the way there: heartbeat loss first major (degraded), then critical (failed).
    const events = JSON.parse((await api('GET', '/fm/v1/event_log?q.field=entity_instance_id&q.op=eq&q.value=host=compute-0&alarms=True')).body).event_log as Array<{
      event_log_id: string;
      state: string;
      severity: string;
    }>;
    const losses = events.filter((e) => e.event_log_id === '200.005' && e.state === 'set').map((e) => e.severity).reverse();
    expect(losses).toEqual(['major', 'critical']);

    // Restarted with the same state directory: no bootstrap token needed, the host comes back.
    startAgent('compute-0', ['--profile', 'dual-socket-server']);
    await until('compute-0 available again', () => states('compute-0'), (s) => s === 'unlocked/enabled/available');
    await until('alarms of compute-0 cleared', () => alarms('compute-0'), (a) => a.length === 0);
  });

  it('refuses lock and unlock actions the rules forbid, through the CLI', async () => {
    const reboot = await murmur(['system', 'host-reboot', 'compute-0'], env);
    expect(reboot.code).toBe(1);
    expect(reboot.stderr).toContain('Lock it first');
    const remove = await murmur(['system', 'host-delete', 'compute-0'], env);
    expect(remove.code).toBe(1);
    expect(remove.stderr).toContain('Lock it first');
    expect((await murmur(['system', 'host-lock', 'compute-0'], env)).code).toBe(0);
    expect(await states('compute-0')).toBe('locked/disabled/online');
    const again = await murmur(['system', 'host-lock', 'compute-0'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already locked');
  });

  it('reboots a locked host through its agent, which comes back online; deleting the host ends its connection', async () => {
    const reboot = await murmur(['system', 'host-reboot', 'compute-0'], env);
    expect(reboot.code, reboot.stderr).toBe(0);
    expect(reboot.stdout).toMatch(/\| task\s+\| Rebooting\s+\|/);
    // The agent may be back before the first look: the CLI's answer showed the reboot under way.
    await until('compute-0 back online', async () => {
      const h = await host('compute-0');
      return `${h.availability}/${h.task}`;
    }, (s) => s === 'online/');
    expect(agents.get('compute-0')!.log()).toContain('reboot requested by the controller');

    expect((await murmur(['system', 'host-delete', 'compute-0'], env)).code).toBe(0);
    await until('the agent of the deleted host refused', async () => agents.get('compute-0')!.log(), (log) => log.includes('the host credential is no longer valid'));
  });

  it('delivers a configuration change to the agent, and raises 250.001 while an agent that is down lags', async () => {
    const changed = await api('PATCH', '/sysinv/v1/ihosts/compute-1', [{ op: 'replace', path: '/location', value: 'row 4' }]);
    expect(changed.status, changed.body).toBe(200);
    const file = path.join(dir, 'compute-1', 'config', 'host.json');
    await until('compute-1 applied generation 1', async () => (await host('compute-1')).config_applied, (v) => v === '1');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ generation: 1, host: { location: { locn: 'row 4' } } });

    const agent = agents.get('compute-1')!;
    agent.child.kill('SIGTERM');
    expect(await agent.exited).toBe(0);
    expect((await api('PATCH', '/sysinv/v1/ihosts/compute-1', [{ op: 'replace', path: '/location', value: 'row 5' }])).status).toBe(200);
    await until('250.001 on compute-1', () => alarms('compute-1'), (a) => a.includes('250.001:major'));
    expect((await host('compute-1')).config_status).toBe('Config out-of-date');

    startAgent('compute-1', ['--profile', 'small-aio']);
    await until('250.001 cleared', () => alarms('compute-1'), (a) => !a.includes('250.001:major'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ generation: 2, host: { location: { locn: 'row 5' } } });
    expect((await host('compute-1')).config_status).toBeNull();
  });

  it('refuses an agent with a reused bootstrap token, or with a MAC another host has: it exits with the reason and no host is added', async () => {
    const reused = startAgent('compute-4', ['--bootstrap-token', usedTokens[0]!, '--profile', 'small-aio']);
    expect(await reused.exited).toBe(1);
    expect(reused.log()).toContain('The bootstrap token was already used');

    // The same hardware as compute-1: its management MAC is taken. The token is not spent.
    const fresh = await newToken();
    const twin = startAgent('compute-5', ['--bootstrap-token', fresh, '--profile', 'small-aio']);
    expect(await twin.exited).toBe(1);
    expect(twin.log()).toContain('mgmt_mac ac:1f:6b:10:20:30 already belongs to another host');
    for (const name of ['compute-4', 'compute-5']) expect((await api('GET', `/sysinv/v1/ihosts/${name}`)).status).toBe(404);
    const tokens = JSON.parse((await murmur(['system', 'host-bootstrap-token', 'list', '-f', 'json'], env)).stdout) as Array<{ state: string }>;
    expect(tokens.map((t) => t.state)).toEqual(['used', 'used', 'used', 'unused']);
  });
});

describe('murmur up with its local agent', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-up-agent-'));
  const data = path.join(dir, 'data');
  let controller: RunningController | null = null;
  afterAll(async () => {
    if (controller) await stopController(controller);
    rmSync(dir, { recursive: true, force: true });
  });

  const controller0 = async (url: string, token: string) => {
    const res = await fetch(`${url}/sysinv/v1/ihosts/controller-0`, { headers: { 'x-auth-token': token } });
    return res.status === 200 ? ((await res.json()) as Record<string, unknown>) : null;
  };
  const waitOnline = async (url: string, token: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const host = await controller0(url, token);
      if (host?.['availability'] === 'online' && host['inv_state'] === 'inventoried') return host;
      if (Date.now() > deadline) throw new Error(`controller-0 never came online: ${JSON.stringify(host)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('registers the machine it runs on as controller-0 with its real inventory, and again after a restart without a new token', async () => {
    controller = await startController(['--data', data], {}, { localAgent: true });
    const password = controller.adminPassword!;
    let token = await adminToken(controller.url, password);
    const host = await waitOnline(controller.url, token);
    expect(host).toMatchObject({ personality: 'controller', subfunctions: 'controller,worker', administrative: 'locked' });
    const cpus = await (await fetch(`${controller.url}/sysinv/v1/ihosts/controller-0/icpus`, { headers: { 'x-auth-token': token } })).json();
    expect(cpus.icpus).toHaveLength(Number(execFileSync('nproc', ['--all']).toString().trim()));
    expect(controller.stderr()).toContain('local agent running: this machine is controller-0');

    await stopController(controller);
    controller = await startController(['--data', data], {}, { localAgent: true });
    token = await adminToken(controller.url, password);
    const again = await waitOnline(controller.url, token);
    expect(again['uuid']).toBe(host['uuid']);
    const tokens = await (await fetch(`${controller.url}/sysinv/v1/host_bootstrap_tokens`, { headers: { 'x-auth-token': token } })).json();
    expect(tokens.host_bootstrap_tokens.map((t: { state: string }) => t.state)).toEqual(['used']);

    // A simplex system: controller-0 comes into service and runs the platform; StarlingX's refusals follow.
    // This start listens on another port than the first, which wrote the openrc.
    const env = { ...readOpenrc(path.join(data, 'openrc')), OS_AUTH_URL: `${controller.url}/identity/v3` };
    const unlocked = await murmur(['system', 'host-unlock', 'controller-0'], env);
    expect(unlocked.code, unlocked.stderr).toBe(0);
    expect(unlocked.stdout).toMatch(/\| availability\s+\| available\s+\|/);
    const swact = await murmur(['system', 'host-swact', 'controller-0'], env);
    expect(swact.code).toBe(1);
    expect(swact.stderr).toContain('Swact action not allowed for a simplex system.');
    const add = await murmur(['system', 'host-add', '-n', 'compute-0', '-p', 'worker'], env);
    expect(add.code).toBe(1);
    expect(add.stderr).toContain('Host-add Rejected: Adding a host on a simplex system is not allowed.');
  });

  it('locks the simplex controller, deploys a release that needs a reboot on it, and unlocks it again', async () => {
    const env = { ...readOpenrc(path.join(data, 'openrc')), OS_AUTH_URL: `${controller!.url}/identity/v3` };
    const ok = async (args: string[]) => {
      const r = await murmur(args, env);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r.stdout;
    };
    expect(await ok(['system', 'host-lock', 'controller-0'])).toMatch(/\| administrative\s+\| locked\s+\|/);
    const reboot = await murmur(['system', 'host-reboot', 'controller-0'], env);
    expect(reboot.code).toBe(1);
    expect(reboot.stderr).toContain('Rebooting a simplex system is not allowed.');

    const src = path.join(dir, 'kernel');
    mkdirSync(path.join(src, 'payload'), { recursive: true });
    writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id: 'kernel-1.0.0', version: '1.0.0', reboot_required: true }));
    writeFileSync(path.join(src, 'payload', 'version'), 'kernel-1.0.0\n');
    await ok(['software', 'build-release', src, '--key', path.join(data, 'release-signing-key.pem'), '-o', path.join(dir, 'kernel.tar.gz')]);
    await ok(['software', 'upload', path.join(dir, 'kernel.tar.gz')]);
    expect(await ok(['software', 'deploy-host', 'controller-0', 'kernel-1.0.0'])).toMatch(/\| controller-0 \| None\s+\| kernel-1\.0\.0 \| True \| deploying \|/);
    const deadline = Date.now() + 20_000;
    while (!(await ok(['software', 'deploy-host-list'])).includes('| kernel-1.0.0 | kernel-1.0.0 | True | deployed |')) {
      if (Date.now() > deadline) throw new Error(`kernel-1.0.0 never deployed: ${await ok(['software', 'deploy-host-list'])}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(readFileSync(path.join(data, 'agent', 'software', 'active', 'payload', 'version'), 'utf8')).toBe('kernel-1.0.0\n');
    expect(await ok(['system', 'host-unlock', 'controller-0'])).toMatch(/\| availability\s+\| available\s+\|/);
  });
});
