import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHollowSubclouds, type HollowSubcloudsProcess } from '../test-support/murmur-processes.mjs';
import { murmur, readOpenrc, startController, stopController, type CliResult, type RunningController } from './support/murmur-process.js';

const COUNT = 6;

/** The cells of a bordered table, header row first. */
const cells = (stdout: string): string[][] =>
  stdout.split('\n').filter((l) => l.startsWith('|')).map((l) => l.slice(1, -1).split('|').map((c) => c.trim()));
const valueOf = (stdout: string, field: string): string | undefined =>
  cells(stdout).find((row) => row[0] === field)?.[1];

/**
 * `murmur dcmanager sw-deploy-strategy …` as an operator runs it: a real system controller, six
 * hollow subclouds in a process of their own (each deploy 0.3 s), everything through the CLI.
 */
describe('murmur dcmanager sw-deploy-strategy against a real system controller and hollow subclouds', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'murmur-e2e-dc-sw-deploy-'));
  let central: RunningController;
  let hollow: HollowSubcloudsProcess;
  let admin: Record<string, string>;
  const dc = (...args: string[]): Promise<CliResult> => murmur(['dcmanager', ...args], admin);
  const ok = async (...args: string[]): Promise<string> => {
    const result = await dc(...args);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
    return result.stdout;
  };
  const steps = async () => JSON.parse(await ok('strategy-step', 'list', '-f', 'json')) as Array<{ cloud: string; state: string; details: string }>;

  /** Builds a release with the system controller's key and uploads it there with `murmur software`. */
  const release = async (id: string) => {
    const src = path.join(dir, id);
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(src, 'metadata.json'), JSON.stringify({ id, version: id.split('-').at(-1) }));
    writeFileSync(path.join(src, 'payload'), id);
    const bundle = path.join(dir, `${id}.tar.gz`);
    const key = path.join(dir, 'central', 'release-signing-key.pem');
    expect((await murmur(['software', 'build-release', src, '--key', key, '-o', bundle], admin)).code).toBe(0);
    expect((await murmur(['software', 'upload', bundle], admin)).code).toBe(0);
  };

  beforeAll(async () => {
    const config = path.join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ dcManager: { auditIntervalSeconds: 1 }, dcOrchestration: { pollMs: 50 } }));
    central = await startController(['--data', path.join(dir, 'central'), '--role', 'systemcontroller', '--config', config]);
    admin = { ...readOpenrc(path.join(dir, 'central', 'openrc')), XDG_CACHE_HOME: path.join(dir, 'cache') };
    hollow = await startHollowSubclouds({
      count: COUNT, seed: 'e2e-dc-sw-deploy', firstAddress: '127.10.0.1', deploySeconds: 0.3,
      releaseKey: path.join(dir, 'central', 'release-signing-key.pem'),
    });
    for (const line of hollow.manifest) {
      await ok('subcloud', 'add', '--name', line.name, '--url', line.url, '--join-token', line.join_token);
      await ok('subcloud', 'manage', line.name);
    }
    for (;;) {
      const listed = JSON.parse(await ok('subcloud', 'list', '-f', 'json')) as Array<{ availability: string }>;
      if (listed.filter((s) => s.availability === 'online').length === COUNT) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  afterAll(async () => {
    await Promise.all([hollow?.stop(), central && stopController(central)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates with dcmanager\'s rows, applies with --watch to complete, each subcloud deployed once, then deletes', async () => {
    await release('edge-2.0.0');
    const config = await ok('strategy-config', 'update', 'hollow-000001', '--storage-apply-type', 'serial', '--worker-apply-type', 'serial',
      '--max-parallel-workers', '2', '--alarm-restriction-type', 'relaxed', '--default-instance-action', 'migrate');
    expect(valueOf(config, 'cloud')).toBe('hollow-000001');
    expect(cells(await ok('strategy-config', 'list')).map((row) => row[0])).toEqual(['cloud', 'all clouds default', 'hollow-000001']);

    const created = await ok('sw-deploy-strategy', 'create', '--release-id', 'edge-2.0.0', '--max-parallel-subclouds', '2', '--max-failures', '1');
    expect(cells(created).map((row) => row[0])).toEqual([
      'Field', 'strategy type', 'subcloud apply type', 'max parallel subclouds', 'stop on failure', 'release_id', 'snapshot', 'rollback',
      'delete_option', 'with_prestage', 'kube_upgrade', 'max failures', 'state', 'created_at', 'updated_at',
    ]);
    expect([valueOf(created, 'max parallel subclouds'), valueOf(created, 'release_id'), valueOf(created, 'state')]).toEqual(['2', 'edge-2.0.0', 'initial']);
    expect((await steps()).map((s) => s.state)).toEqual(Array(COUNT).fill('initial'));

    const applied = await dc('sw-deploy-strategy', 'apply', '--yes', '--watch', '--interval', '0.1');
    expect({ code: applied.code, stderr: applied.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = applied.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe(`complete: ${COUNT} complete`);
    expect(lines.every((l) => /^(applying|complete): /.test(l))).toBe(true);
    expect((await steps()).map((s) => s.state)).toEqual(Array(COUNT).fill('complete'));
    const stats = await hollow.control.stats();
    expect(stats.strategyCreates).toEqual(Array(COUNT).fill(1));
    expect(stats.strategyApplies).toEqual(Array(COUNT).fill(1));
    expect(stats.prestagesCompleted).toEqual(Array(COUNT).fill(1));
    // Each subcloud's own strategy was made with its strategy-config: hollow-000001's own, the others the defaults.
    const { tokens } = await hollow.control.tokens([0, 1]);
    const vim = async (i: number) => {
      const res = await fetch(`${hollow.urls[i]}/nfv/api/orchestration/sw-upgrade/strategy`, { headers: { 'x-auth-token': tokens[i]! } });
      return ((await res.json()) as { strategy: Record<string, unknown> | null }).strategy;
    };
    expect(await vim(1)).toMatchObject({ state: 'applied', 'storage-apply-type': 'serial', 'worker-apply-type': 'serial' });
    expect(await vim(0)).toMatchObject({ state: 'applied', 'storage-apply-type': 'parallel', 'alarm-restrictions': 'relaxed' });

    expect(valueOf(await ok('sw-deploy-strategy', 'delete', '--yes'), 'state')).toMatch(/^(deleting|complete)$/);
    for (;;) {
      const shown = await dc('sw-deploy-strategy', 'show');
      if (shown.code !== 0) {
        expect(shown.stderr).toContain('not found');
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('apply --watch ends with exit status 1 when a subcloud fails and the strategy stops on it', async () => {
    await release('edge-2.0.1');
    await hollow.control.failDeploy([3]);
    await ok('sw-deploy-strategy', 'create', '--release-id', 'edge-2.0.1', '--subcloud-apply-type', 'serial', '--stop-on-failure');
    const applied = await dc('sw-deploy-strategy', 'apply', '--yes', '--watch', '--interval', '0.1');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain('the sw-deploy strategy ended failed');
    expect(applied.stdout.trim().split('\n').at(-1)).toMatch(/^failed: .*1 failed/);
    const failed = await ok('strategy-step', 'show', 'hollow-000003');
    expect(valueOf(failed, 'state')).toBe('failed');
    expect(valueOf(failed, 'details')).toContain('apply VIM sw-deploy strategy');
    // Serial and stopped at the failure: the subclouds after it never started.
    expect((await steps()).slice(4).map((s) => s.state)).toEqual(['initial', 'initial']);
  });
});
