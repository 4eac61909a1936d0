import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { newSigningKeyPair } from '@murmuration/release';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractBundle, serviceAccountSession, swDeployContract } from '../../../../test-support/sw-deploy-contract.js';
import { serveHollowSubclouds, type RunningHollowSubclouds } from '../../src/hollow-subclouds/hollow-server.js';
import { auditHollow, joinHollow, loginHollow, rawRequest } from './hollow-client.js';

const key = newSigningKeyPair();

/** The checks a real controller passes (test/subcloud-sw-deploy-contract.test.ts), run against hollow subclouds. */
describe('the sw-deploy contract against a hollow subcloud', () => {
  let hollow: RunningHollowSubclouds;
  beforeAll(async () => {
    hollow = await serveHollowSubclouds({
      count: 4, seed: 'hollow-sw-deploy-contract', firstAddress: '127.6.0.1', deploySeconds: 0.05, releasePublicKey: key.publicKeyPem,
    });
  });
  afterAll(() => hollow.close());
  const control = async (route: string, body?: unknown) => {
    const answer = await rawRequest(`${hollow.controlUrl}/${route}`, body === undefined ? {} : { method: 'POST', body });
    if (answer.status >= 300) throw new Error(`${route}: ${answer.status} ${answer.text}`);
    return answer.text === '' ? null : answer.json();
  };

  it('passes, then reports the release deployed in USM and in its audit, and counts one create and one apply', async () => {
    const url = hollow.fleet.urlOf(2);
    const answer = await joinHollow(url, hollow.fleet.subclouds[2]!.joinToken);
    const token = await loginHollow(url, answer.account);
    const before = await auditHollow(url, token);
    expect((before.json() as SubcloudAuditReport).releases).toEqual([]);

    const ended = await swDeployContract({
      session: serviceAccountSession(answer),
      bundle: contractBundle('contract-1.0.1', '1.0.1', key.privateKeyPem),
      releaseId: 'contract-1.0.1',
    });
    // Its two controllers, in the real controller's stages.
    expect(ended['apply-phase'].stages.map((s) => s['stage-name'])).toEqual(['sw-upgrade-start', 'sw-upgrade-controllers', 'sw-upgrade-complete']);

    const listed = await rawRequest(`${url}/usm/v1/release`, { headers: { 'x-auth-token': token } });
    expect((listed.json() as Array<{ release_id: string; state: string }>).map((r) => [r.release_id, r.state])).toEqual([['contract-1.0.1', 'deployed']]);
    const after = await auditHollow(url, token, String(before.headers.etag));
    expect(after.status).toBe(200);
    const report = after.json() as SubcloudAuditReport;
    expect(report.releases).toEqual([{ release_id: 'contract-1.0.1', state: 'deployed' }]);
    expect(report.sync.software).not.toBe((before.json() as SubcloudAuditReport).sync.software);
    expect(report.software_version).toBe('0.1.0');

    const stats = (await control('stats')) as { strategyCreates: number[]; strategyApplies: number[]; releaseUploads: number[]; requests: Record<string, Record<string, number>> };
    expect(stats.strategyCreates).toEqual([0, 0, 1, 0]);
    expect(stats.strategyApplies).toEqual([0, 0, 1, 0]);
    expect(stats.releaseUploads).toEqual([0, 0, 1, 0]);
    expect(stats.requests['POST /nfv/api/orchestration/sw-upgrade/strategy']).toEqual({ 200: 1, 400: 1, 409: 1 });
    expect(stats.requests['POST /usm/v1/upload']).toEqual({ 200: 1, 409: 1 });
    expect(stats.requests['GET /usm/v1/release/{release}']).toEqual({ 200: 1, 404: 1 });
  });

  it('refuses a bundle not signed with the release key, as a real subcloud refuses it', async () => {
    const url = hollow.fleet.urlOf(3);
    const token = await loginHollow(url, (await joinHollow(url, hollow.fleet.subclouds[3]!.joinToken)).account);
    const other = newSigningKeyPair();
    const answer = await rawRequest(`${url}/usm/v1/upload`, {
      method: 'POST',
      headers: { 'x-auth-token': token, 'content-type': 'application/gzip' },
      body: Buffer.from(contractBundle('other-1.0.0', '1.0.0', other.privateKeyPem)),
    });
    expect(answer.status).toBe(400);
    expect(answer.json()).toMatchObject({ error: expect.stringContaining('release signature is not valid') });
  });

  it('answers 401 without a token, in the VIM and USM error formats', async () => {
    const url = hollow.fleet.urlOf(0);
    const vim = await rawRequest(`${url}/nfv/api/orchestration/sw-upgrade/strategy`);
    expect(vim.status).toBe(401);
    expect(vim.json()).toMatchObject({ faultcode: 'Client', faultstring: 'The request you have made requires authentication.' });
    const usm = await rawRequest(`${url}/usm/v1/release`);
    expect(usm.status).toBe(401);
    expect(usm.json()).toMatchObject({ error: 'The request you have made requires authentication.' });
  });
});

/** A hollow fleet on a clock the test moves: the strategy's states at each moment. */
describe('a hollow subcloud strategy on the clock: building, applying step by step, failing, aborting', () => {
  let hollow: RunningHollowSubclouds;
  let now = Date.parse('2026-03-01T00:00:00Z');
  const tokens: string[] = [];
  const urls: string[] = [];
  const base = '/nfv/api/orchestration/sw-upgrade/strategy';
  type Strategy = {
    state: string;
    'current-phase-completion-percentage': number;
    'apply-phase': { result: string; reason: string; stages: Array<{ result: string; 'stage-name': string; steps: Array<{ 'step-name': string; result: string; reason: string }> }> };
    'abort-phase': { result: string };
  };
  const call = async (i: number, method: string, path: string, body?: unknown) => {
    const answer = await rawRequest(`${urls[i]}${path}`, { method, headers: { 'x-auth-token': tokens[i]! }, ...(body !== undefined ? { body } : {}) });
    return { status: answer.status, body: answer.text === '' ? null : (answer.json() as { strategy: Strategy | null }) };
  };
  const show = async (i: number) => (await call(i, 'GET', base)).body!.strategy!;
  const releases = async (i: number) =>
    ((await rawRequest(`${urls[i]}/usm/v1/release`, { headers: { 'x-auth-token': tokens[i]! } })).json() as Array<{ release_id: string; state: string }>).map((r) => r.state);
  const control = async (route: string, body: unknown) => {
    const answer = await rawRequest(`${hollow.controlUrl}/${route}`, { method: 'POST', body });
    return { status: answer.status, text: answer.text };
  };
  const create = (i: number) => call(i, 'POST', base, { release: 'edge-2.0.0', 'alarm-restrictions': 'relaxed' });
  /** Creates a strategy, waits out its build time and applies it. */
  const createAndApply = async (i: number) => {
    expect((await create(i)).status).toBe(200);
    now += 3000;
    expect((await call(i, 'POST', `${base}/actions`, { action: 'apply-all' })).status).toBe(202);
  };

  beforeAll(async () => {
    hollow = await serveHollowSubclouds({ count: 4, seed: 'hollow-sw-deploy-clock', firstAddress: '127.7.0.1', deploySeconds: 10, buildSeconds: 3, now: () => now });
    for (const [i, subcloud] of hollow.fleet.subclouds.entries()) {
      urls.push(hollow.fleet.urlOf(i));
      tokens.push(await loginHollow(urls[i]!, (await joinHollow(urls[i]!, subcloud.joinToken)).account));
    }
    expect((await control('releases', { indices: [0, 1, 2, 3], releases: [{ release_id: 'edge-2.0.0', sw_version: '2.0.0' }] })).status).toBe(204);
  });
  afterAll(() => hollow.close());

  it('builds for the build time, then applies its steps in turn over the deploy time, and deploys the release', async () => {
    const created = await create(0);
    expect(created.status).toBe(200);
    expect(created.body!.strategy!.state).toBe('building');
    now += 2999;
    expect((await show(0)).state).toBe('building');
    expect((await call(0, 'POST', `${base}/actions`, { action: 'apply-all' })).status).toBe(409);
    now += 1;
    expect((await show(0)).state).toBe('ready-to-apply');
    const applied = await call(0, 'POST', `${base}/actions`, { action: 'apply-all' });
    expect(applied.status).toBe(202);
    expect(applied.body!.strategy!.state).toBe('applying');
    expect(await releases(0)).toEqual(['deploying']);
    const steps = (s: Strategy) => s['apply-phase'].stages.flatMap((st) => st.steps.map((x) => x.result));
    // Subcloud 0 has two controllers, each deployed in service: query-alarms, (sw-deploy-hosts, wait-alarms-clear) × 2,
    // system-stabilize; 10 s shared by six steps.
    expect(hollow.fleet.subclouds[0]!.hosts.total).toBe(2);
    expect(steps(applied.body!.strategy!)).toEqual(['inprogress', 'initial', 'initial', 'initial', 'initial', 'initial']);
    now += 5000;
    const half = await show(0);
    expect(steps(half)).toEqual(['success', 'success', 'success', 'inprogress', 'initial', 'initial']);
    expect(half['current-phase-completion-percentage']).toBe(50);
    expect(half['apply-phase'].stages.map((s) => s.result)).toEqual(['success', 'success', 'inprogress', 'initial']);
    expect((await call(0, 'DELETE', base, { force: false })).status).toBe(409);
    now += 5000;
    const done = await show(0);
    expect(done.state).toBe('applied');
    expect(done['apply-phase'].result).toBe('success');
    expect(await releases(0)).toEqual(['deployed']);
    expect((await call(0, 'DELETE', base, { force: false })).status).toBe(204);
    // Again for a release it runs: nothing left to deploy but the start and the end.
    const again = await create(0);
    expect(again.body!.strategy!['apply-phase'].stages.map((s) => s['stage-name'])).toEqual(['sw-upgrade-start', 'sw-upgrade-complete']);
  });

  it('fail-deploy: the next apply ends apply-failed at its deployment to hosts, the one after it succeeds', async () => {
    expect((await control('fail-deploy', { indices: [1] })).status).toBe(204);
    await createAndApply(1);
    now += 10_000;
    const failed = await show(1);
    expect(failed.state).toBe('apply-failed');
    const deploy = failed['apply-phase'].stages.flatMap((s) => s.steps).find((s) => s['step-name'] === 'sw-deploy-hosts')!;
    expect(deploy.result).toBe('failed');
    expect(failed['apply-phase'].reason).toBe(`sw-deploy-hosts failed: ${deploy.reason}`);
    // Subcloud 1 has one controller: start, controllers, complete.
    expect(failed['apply-phase'].stages.map((s) => s.result)).toEqual(['success', 'failed', 'aborted']);
    expect(await releases(1)).toEqual(['available']);
    await call(1, 'DELETE', base, { force: false });
    await createAndApply(1);
    now += 10_000;
    expect((await show(1)).state).toBe('applied');
    const stats = (await (await rawRequest(`${hollow.controlUrl}/stats`)).json()) as { strategyCreates: number[]; strategyApplies: number[] };
    expect(stats.strategyApplies[1]).toBe(2);
  });

  it('abort: aborting until the step under way ends, then aborted; a forced delete of an applying one', async () => {
    await createAndApply(2);
    now += 1000;
    expect((await call(2, 'POST', `${base}/actions`, { action: 'apply-stage', 'stage-id': 1 })).status).toBe(400);
    const aborting = await call(2, 'POST', `${base}/actions`, { action: 'abort' });
    expect(aborting.status).toBe(202);
    expect(aborting.body!.strategy!.state).toBe('aborting');
    now += 1500;
    const aborted = await show(2);
    expect(aborted.state).toBe('aborted');
    expect(aborted['abort-phase'].result).toBe('success');
    expect(aborted['apply-phase'].stages.map((s) => s.result)).toEqual(['success', 'aborted', 'aborted']);
    expect(await releases(2)).toEqual(['available']);
    await call(2, 'DELETE', base, { force: false });

    await createAndApply(3);
    expect((await call(3, 'DELETE', base, { force: true })).status).toBe(204);
    expect((await call(3, 'GET', base)).body).toEqual({ strategy: null });
    expect(await releases(3)).toEqual(['available']);
  });

  it('refuses control API releases that a bundle could not carry', async () => {
    const bad = await control('releases', { indices: [0], releases: [{ release_id: 'x', sw_version: 'one' }] });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ code: 'INVALID_INPUT', details: { field: 'version' } });
    expect((await control('fail-deploy', { indices: [4] })).status).toBe(400);
  });
});
