import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { useRealSubcloud, type RealSubcloud } from '../support/real-subcloud.js';
import { SW_DEPLOY_FLAGS, type StepView } from '../support/fleet-strategy-wire.js';
import { uploadRelease } from '../support/release-bundles.js';
import { useSystemController } from '../support/use-system-controller.js';


/**
 * The sw-deploy strategy across three real subclouds (each a controller with its controller-0's agent installing
 * releases into its slots), joined and audited through the dcmanager API: for each subcloud the release is uploaded
 * from the system controller, its own sw-deploy strategy created and applied through its VIM API and followed to
 * the end. The subclouds trust the system controller's release signing key, as sites trust their vendor's.
 */
describe.each(testDialects())('a sw-deploy strategy across real subclouds on %s', (dialect) => {
  const central = useSystemController(dialect, { config: { dcOrchestration: { pollMs: 20, retryDelaySeconds: 0 } } });
  const { dc } = central;
  const sharedKey = () => ({
    dataFiles: { 'release-signing-key.pem': readFileSync(path.join(central.t.db.dir, 'release-signing-key.pem'), 'utf8') },
  });
  const subclouds: RealSubcloud[] = ['edge1', 'edge2', 'edge3'].map((name, i) =>
    useRealSubcloud(dialect, name, () => ({ ...sharedKey(), config: { region: `Edge${i + 1}` } })));

  const strategy = async () => (await dc.get('/sw-update-strategy?type=sw-deploy')).json();
  const steps = async (): Promise<StepView[]> => (await dc.get('/sw-update-strategy/steps')).json()['strategy-steps'];
  const until = async (what: string, check: () => Promise<boolean>) => {
    for (let i = 0; i < 1200; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await strategy())} ${JSON.stringify(await steps())}`);
  };
  const ended = () => until('the strategy to end', async () => ['complete', 'failed', 'aborted'].includes((await strategy()).state));

  beforeAll(async () => {
    for (const s of subclouds) {
      const added = await dc.post('/subclouds/', { name: s.name, url: s.url, join_token: await s.joinToken() });
      expect(added.status, added.body).toBe(200);
      expect((await dc.patch(`/subclouds/${s.name}`, { 'management-state': 'managed' })).status).toBe(200);
    }
    await until('every subcloud online and in sync', async () =>
      ((await dc.get('/subclouds/')).json().subclouds as Array<Record<string, string>>)
        .every((s) => s['availability-status'] === 'online' && s['sync_status'] === 'in-sync'));
    // The system controller's users are the subclouds' now.
    for (const s of subclouds) await s.loginAs(central.t.adminPassword);
  }, 120_000);

  it('deploys a release only the system controller has across three, two at a time, to every host', async () => {
    await uploadRelease(central.t, central.admin, 'tools-1.0.0');
    const created = await dc.post('/sw-update-strategy/', { type: 'sw-deploy', release_id: 'tools-1.0.0', 'max-parallel-subclouds': 2, ...SW_DEPLOY_FLAGS });
    expect(created.status, created.body).toBe(200);
    const applied = await dc.post('/sw-update-strategy/actions?type=sw-deploy', { action: 'apply' });
    expect([applied.status, applied.json().state]).toEqual([200, 'applying']);
    let most = 0;
    await until('complete', async () => {
      most = Math.max(most, (await steps()).filter((s) => s.stage === 'Apply').length);
      return (await strategy()).state === 'complete';
    });
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2);
    for (const step of await steps()) {
      expect(step).toMatchObject({ stage: 'Complete', state: 'complete', details: '' });
      expect(step['finished-at']! >= step['started-at']!).toBe(true);
    }
    for (const s of subclouds) {
      expect(await s.running()).toEqual({ 'controller-0': 'tools-1.0.0' });
      expect(await s.strategiesCreated()).toEqual(['tools-1.0.0']);
      expect((await dc.get(`/subclouds/${s.name}`)).json()).toMatchObject({ 'deploy-status': 'complete', 'error-description': 'No errors present' });
    }
    expect((await strategy())['step-counts']).toEqual({ total: 3, complete: 3 });

    const deleted = await dc.delete('/sw-update-strategy?type=sw-deploy');
    expect([deleted.status, deleted.json().state]).toEqual([200, 'deleting']);
    for (const s of subclouds) {
      const own = await s.t.request({ method: 'GET', url: '/nfv/api/orchestration/sw-upgrade/strategy', token: s.admin });
      expect(own.json().strategy).toBeNull();
    }
  }, 120_000);

  it('goes on after the system controller restarts mid-strategy: no subcloud\'s strategy made twice, none skipped', async () => {
    await uploadRelease(central.t, central.admin, 'tools-1.1.0', 'sleep 1\n');
    expect((await dc.post('/sw-update-strategy/', { type: 'sw-deploy', release_id: 'tools-1.1.0', 'subcloud-apply-type': 'serial', ...SW_DEPLOY_FLAGS })).status).toBe(200);
    expect((await dc.post('/sw-update-strategy/actions?type=sw-deploy', { action: 'apply' })).status).toBe(200);
    await until('the first subcloud applying', async () => (await steps())[0]!.state === 'apply VIM sw-deploy strategy');
    await central.t.restart();
    await ended();
    expect((await strategy()).state).toBe('complete');
    for (const s of subclouds) {
      expect(await s.strategiesCreated()).toEqual(['tools-1.0.0', 'tools-1.1.0']);
      expect(await s.running()).toEqual({ 'controller-0': 'tools-1.1.0' });
    }
    expect((await steps()).map((s) => s.state)).toEqual(['complete', 'complete', 'complete']);
    expect((await dc.delete('/sw-update-strategy')).status).toBe(200);
  }, 120_000);

  it('fails the step of a subcloud whose deploy fails, with its VIM\'s reason; within max-failures the rest go on', async () => {
    await uploadRelease(central.t, central.admin, 'tools-1.2.0', 'case "$MURMUR_SLOT" in *edge2*) echo "no room on edge2" >&2; exit 3;; esac\n');
    const created = await dc.post('/sw-update-strategy/', {
      type: 'sw-deploy', release_id: 'tools-1.2.0', 'max-parallel-subclouds': 3, 'max-failures': 1, ...SW_DEPLOY_FLAGS,
    });
    expect(created.status, created.body).toBe(200);
    expect((await dc.post('/sw-update-strategy/actions?type=sw-deploy', { action: 'apply' })).status).toBe(200);
    await ended();
    const done = await strategy();
    expect([done.state, done['step-counts']]).toEqual(['failed', { total: 3, complete: 2, failed: 1 }]);
    const [one, two, three] = await steps();
    expect([one!.state, three!.state]).toEqual(['complete', 'complete']);
    expect(two).toMatchObject({ cloud: 'edge2', stage: 'Complete', state: 'failed' });
    expect(two!.details).toMatch(/^apply VIM sw-deploy strategy: Failed for subcloud edge2: VIM strategy apply failed: .*no room on edge2.* State: apply-failed Strategy: sw-upgrade$/);
    const edge2 = (await dc.get('/subclouds/edge2')).json();
    expect(edge2['deploy-status']).toBe('sw-deploy-apply-strategy-failed');
    expect(edge2['error-description']).toMatch(/^Failed for subcloud edge2: VIM strategy apply failed: /);
    expect(await subclouds[1]!.running()).toEqual({ 'controller-0': 'tools-1.1.0' });
    expect(await subclouds[2]!.running()).toEqual({ 'controller-0': 'tools-1.2.0' });
  }, 120_000);
});
