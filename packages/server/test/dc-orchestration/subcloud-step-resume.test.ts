import {
  peerDurations, SW_UPDATE_OPTIONS_DEFAULT, vimStrategyBody, type FleetStepChanges, type FleetStepRecord,
  type FleetStrategyOptions,
} from '@murmuration/core/dc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { leanFetch } from '../../src/runtime/lean-fetch.js';
import { deploySubcloud, type SubcloudDeployDeps } from '../../src/services/dc-orchestration/subcloud-deploy.js';
import { subcloudLinks } from '../../src/services/dc-orchestration/subcloud-links.js';
import { rawRequest } from '../hollow-subclouds/hollow-client.js';
import { useSystemController } from '../support/use-system-controller.js';

const RELEASE = 'resume-1.0.0';
const OPTIONS: FleetStrategyOptions = {
  type: 'sw-deploy', releaseId: RELEASE, subcloudApplyType: null, maxParallelSubclouds: 2, stopOnFailure: false,
  snapshot: false, delete: false, canary: 0, soakSeconds: 0, maxFailures: { count: 0 }, maxFailuresGiven: null,
  withPrestage: false, forSwDeploy: false, force: false, subclouds: 3,
};

/**
 * One subcloud's step picked up after the system controller was killed between two of its writes: what the
 * subcloud already holds for the step is followed, never made or applied again. The subclouds are hollow (real
 * HTTP, the real VIM's planning and views); the step is driven as the window drives it after a restart.
 */
describe.each(testDialects())('a subcloud\'s step resumed after a kill on %s', (dialect) => {
  const central = useSystemController(dialect);
  const { dc, t } = central;
  let hollow: RunningHollowSubclouds;
  const links = subcloudLinks({
    transport: () => ({ fetch: leanFetch({ timeoutMs: 5000, maxBodyBytes: 1 << 22 }), close: () => undefined }),
    credentialOf: (id) => t.controller.services.dcManager.credentialOf(id),
  });
  const deps = (): SubcloudDeployDeps => ({
    store: t.controller.store, links, clock: central.clock, deliver: async () => 'delivered',
    optionsOf: async () => SW_UPDATE_OPTIONS_DEFAULT, pollMs: 20, subcloudTimeoutMs: 60_000, maxFailedPolls: 5,
  });
  const control = async (route: string, body?: unknown) => {
    const answer = await rawRequest(`${hollow.controlUrl}/${route}`, body === undefined ? {} : { method: 'POST', body });
    if (answer.status >= 300) throw new Error(`${route}: ${answer.status} ${answer.text}`);
    return (answer.text === '' ? null : answer.json()) as { strategyCreates: number[]; strategyApplies: number[] };
  };
  const row = (i: number, state: FleetStepRecord['state'], vimStrategyUuid: string | null): FleetStepRecord => ({
    strategyUuid: 'killed', subcloudId: i + 1, subcloudName: `sc${i}`, position: i, stage: 2, state, phase: 'running',
    details: '', deferrals: 0, notBefore: null, startedAt: central.clock.now(), finishedAt: null, vimStrategyUuid,
    createdAt: central.clock.now(), updatedAt: null,
  });
  const drive = async (step: FleetStepRecord) => {
    const saved: FleetStepChanges[] = [];
    const save = async (c: FleetStepChanges) => void saved.push(c);
    const peers = { build: peerDurations(), apply: peerDurations() };
    const job = { row: step, options: OPTIONS, stopping: () => false, save, peers };
    const end = await deploySubcloud(deps(), job);
    return { end, saved };
  };
  const vim = async (i: number) => (await links.of(i + 1))!.vim;

  beforeAll(async () => {
    hollow = await serveHollowSubclouds({ count: 3, seed: 'step-resume', firstAddress: '127.22.0.1', deploySeconds: 0.3 });
    for (let i = 0; i < 3; i++) {
      expect((await dc.post('/subclouds/', { name: `sc${i}`, url: hollow.fleet.urlOf(i), join_token: hollow.fleet.subclouds[i]!.joinToken })).status).toBe(200);
    }
    await control('releases', { indices: [0, 1, 2], releases: [{ release_id: RELEASE, sw_version: '1.0.0' }] });
  });
  afterAll(() => hollow?.close());

  it('adopts the strategy it made when the kill came before its uuid was kept: made once, applied once', async () => {
    const made = await (await vim(0)).create(vimStrategyBody(SW_UPDATE_OPTIONS_DEFAULT, OPTIONS));
    const { end, saved } = await drive(row(0, 'create VIM sw-deploy strategy', null));
    expect(end).toEqual({ kind: 'complete', details: '' });
    expect(saved).toContainEqual({ vimStrategyUuid: made.uuid });
    expect(saved.map((c) => c.state).filter(Boolean)).toEqual(['apply VIM sw-deploy strategy', 'finish sw-deploy strategy']);
    const stats = await control('stats');
    expect([stats.strategyCreates[0], stats.strategyApplies[0]]).toEqual([1, 1]);
  });

  it('follows an apply under way when the kill came after it was asked for: applied once', async () => {
    const api = await vim(1);
    const made = await api.create(vimStrategyBody(SW_UPDATE_OPTIONS_DEFAULT, OPTIONS));
    for (let i = 0; i < 100 && (await api.get())?.state !== 'ready-to-apply'; i++) await new Promise((r) => setTimeout(r, 10));
    expect((await api.act('apply-all')).state).toBe('applying');
    const { end } = await drive(row(1, 'apply VIM sw-deploy strategy', made.uuid));
    expect(end).toEqual({ kind: 'complete', details: '' });
    const stats = await control('stats');
    expect([stats.strategyCreates[1], stats.strategyApplies[1]]).toEqual([1, 1]);
    expect((await dc.get('/subclouds/sc1')).json()['deploy-status']).toBe('complete');
  });

  it('fails, and makes nothing, when the subcloud runs a strategy that is not the step\'s', async () => {
    const api = await vim(2);
    await api.create(vimStrategyBody(SW_UPDATE_OPTIONS_DEFAULT, { ...OPTIONS, releaseId: RELEASE }));
    const { end } = await drive(row(2, 'create VIM sw-deploy strategy', 'another-uuid'));
    expect(end).toMatchObject({
      kind: 'failed', deployStatus: 'sw-deploy-apply-strategy-failed',
      details: expect.stringMatching(/^create VIM sw-deploy strategy: Failed for subcloud sc2: Failed to create a VIM strategy\. There already is an existing strategy in this state\. State: (building|ready-to-apply) Strategy: sw-upgrade$/),
    });
    expect((await control('stats')).strategyCreates[2]).toBe(1);
  });
});
