import { buildBundle } from '@murmuration/release';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { fmClient } from './support/fm-helpers.js';
import { useTestController } from './support/use-test-controller.js';

describe.each(testDialects())('deploying releases on hosts on %s', (dialect) => {
  let admin: string;
  let host: { uuid: string; credential: string };
  const upload = async (id: string, rebootRequired = false) => {
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    const files = [{ path: 'metadata.json', data: Buffer.from(JSON.stringify({ id, version: id.split('-').at(-1), reboot_required: rebootRequired })) }];
    const res = await t.request({ method: 'POST', url: '/usm/v1/upload', token: admin, rawBody: buildBundle(files, key).bundle, headers: { 'content-type': 'application/gzip' } });
    expect(res.status, res.body).toBe(200);
  };
  const deploy = (release: string) => t.request({ method: 'POST', url: '/usm/v1/deploy_host/compute-0', token: admin, body: { release } });
  const rollback = () => t.request({ method: 'POST', url: '/usm/v1/deploy_host/compute-0/rollback', token: admin, body: {} });
  const deployHost = async () => (await t.request({ method: 'GET', url: '/usm/v1/deploy_host', token: admin })).json()[0];
  const report = (body: Record<string, unknown>) =>
    t.request({ method: 'PUT', url: `/agent/v1/hosts/${host.uuid}/software`, token: null, headers: { 'x-host-credential': host.credential }, body });
  const config = async () =>
    (await t.request({ method: 'GET', url: `/agent/v1/hosts/${host.uuid}/config`, token: null, headers: { 'x-host-credential': host.credential } })).json();
  const releaseState = async (id: string) => (await t.request({ method: 'GET', url: `/usm/v1/release/${id}`, token: admin })).json().state;

  const t = useTestController(dialect, { config: { systemMode: 'duplex' } });
  const fm = fmClient(t, () => admin);
  beforeAll(async () => {
    admin = await t.adminToken();
    const token = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token: admin, body: {} })).json().token;
    const res = await t.request({ method: 'POST', url: '/agent/v1/register', token: null, body: { bootstrap_token: token, hostname: 'compute-0', personality: 'worker' } });
    host = { uuid: res.json().host_uuid, credential: res.json().credential };
    expect(res.json().release_signing_key).toContain('BEGIN PUBLIC KEY');
  });

  it('makes a release the host\'s target in its configuration, and deployed once the agent says so', async () => {
    await upload('tools-1.0.0');
    const before = (await config()).generation;
    const res = await deploy('tools-1.0.0');
    expect(res.status, res.body).toBe(200);
    expect(res.json()).toEqual({
      info: 'Host deployment of tools-1.0.0 sent to compute-0.\n', warning: '', error: '',
      hostname: 'compute-0', software_release: null, target_release: 'tools-1.0.0', previous_release: null, reboot_required: false, pre_upgrade_deploy: false, host_state: 'deploying', reason: null, hook_output: null,
    });
    const doc = await config();
    expect(doc.generation).toBe(before + 1);
    expect(doc.software).toEqual({ release: 'tools-1.0.0', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), rollback: false });
    expect(await releaseState('tools-1.0.0')).toBe('deploying');
    expect((await report({ running: 'tools-1.0.0', previous: null, state: 'deployed', reason: null })).status).toBe(204);
    expect(await releaseState('tools-1.0.0')).toBe('deployed');
    const listed = (await t.request({ method: 'GET', url: '/usm/v1/deploy_host', token: admin })).json();
    expect(listed).toEqual([expect.objectContaining({ hostname: 'compute-0', software_release: 'tools-1.0.0', host_state: 'deployed' })]);
    // The host ran nothing before: a rollback has nowhere to go, and says so as USM's client reads it.
    const nothing = await rollback();
    expect(nothing.status).toBe(409);
    expect(nothing.json()).toMatchObject({ error: 'compute-0 ran no release before tools-1.0.0: there is nothing to roll back to', info: '', warning: '' });
    expect(JSON.parse(nothing.json().error_message)).toMatchObject({ faultstring: nothing.json().error });
  });

  it('raises 900.021 when the agent reports a failure and clears it on success', async () => {
    await upload('tools-1.1.0');
    expect((await deploy('tools-1.1.0')).status).toBe(200);
    const busy = await deploy('tools-1.1.0');
    expect(busy.status).toBe(409);
    await report({ running: 'tools-1.0.0', previous: null, state: 'failed', reason: 'pre-install hook failed' });
    expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=900.021')).toEqual([
      expect.objectContaining({ entity_instance_id: 'host=compute-0', severity: 'major', reason_text: 'Deploy host failed on compute-0: pre-install hook failed' }),
    ]);
    expect(await releaseState('tools-1.1.0')).toBe('deploying');
    expect((await deploy('tools-1.1.0')).status).toBe(200);
    await report({ running: 'tools-1.1.0', previous: 'tools-1.0.0', state: 'deployed', reason: null });
    expect(await fm.alarms('q.field=alarm_id&q.op=eq&q.value=900.021')).toEqual([]);
    expect([await releaseState('tools-1.0.0'), await releaseState('tools-1.1.0')]).toEqual(['available', 'deployed']);
  });

  it('rolls back to the release the host ran before, telling the agent to run its hooks again, and refuses what cannot be done', async () => {
    const rolling = await rollback();
    expect(rolling.status, rolling.body).toBe(200);
    expect(rolling.json()).toMatchObject({ target_release: 'tools-1.0.0', host_state: 'rolling-back' });
    expect((await config()).software).toMatchObject({ release: 'tools-1.0.0', rollback: true });
    await report({ running: 'tools-1.0.0', previous: 'tools-1.1.0', state: 'deployed', reason: null });
    expect(await deployHost()).toMatchObject({ software_release: 'tools-1.0.0', host_state: 'rolled-back' });
    expect((await config()).software).toMatchObject({ release: 'tools-1.0.0', rollback: false });
    expect([await releaseState('tools-1.0.0'), await releaseState('tools-1.1.0')]).toEqual(['deployed', 'available']);
    const twice = await rollback();
    expect(twice.status).toBe(409);
    expect(twice.json().error).toBe('compute-0 was already rolled back to tools-1.0.0; deploy a release to go forward');

    expect((await deploy('tools-7.0.0')).status).toBe(404);
    await upload('kernel-2.0.0', true);
    await t.request({ method: 'PUT', url: `/agent/v1/hosts/${host.uuid}/inventory`, token: null, headers: { 'x-host-credential': host.credential }, body: minimalInventory() });
    expect((await t.request({ method: 'PATCH', url: '/sysinv/v1/ihosts/compute-0', token: admin, body: [{ op: 'replace', path: '/action', value: 'unlock' }] })).status).toBe(200);
    const unlocked = await deploy('kernel-2.0.0');
    expect(unlocked.status).toBe(400);
    expect(unlocked.json().error).toContain('the release needs a reboot and the host is unlocked. Lock it first.');
    const malformed = await report({ running: 'tools-1.0.0', state: 'done' });
    expect(malformed.status).toBe(400);
    const deleteDeployed = await t.request({ method: 'DELETE', url: '/usm/v1/release/tools-1.0.0', token: admin });
    expect(deleteDeployed.status).toBe(409);
  });

  it('after a failed deployment, rolls back to the release the host ran before it, not to the failed one, and makes the failed release available again', async () => {
    await upload('tools-1.2.0');
    expect((await deploy('tools-1.2.0')).status).toBe(200);
    // The post-install hook failed and the agent switched back: the other slot holds no whole release.
    await report({ running: 'tools-1.0.0', previous: null, state: 'failed', reason: 'post-install hook hooks/post.sh failed (exit 3): no quorum; switched back', hook_output: 'joining the cluster\nno quorum' });
    expect(await deployHost()).toMatchObject({ software_release: 'tools-1.0.0', target_release: 'tools-1.2.0', host_state: 'failed', hook_output: 'joining the cluster\nno quorum' });
    expect(await releaseState('tools-1.2.0')).toBe('deploying');
    expect((await fm.alarms()).map((a) => String(a['alarm_id'])).filter((id) => id.startsWith('900.')).sort()).toEqual(['900.004', '900.021']);

    const rolling = await rollback();
    expect(rolling.status, rolling.body).toBe(200);
    expect(rolling.json()).toMatchObject({ software_release: 'tools-1.0.0', target_release: 'tools-1.0.0', host_state: 'rolling-back', reason: null, hook_output: null });
    expect((await config()).software).toMatchObject({ release: 'tools-1.0.0', rollback: true });
    expect(await releaseState('tools-1.2.0')).toBe('available');
    await report({ running: 'tools-1.0.0', previous: null, state: 'deployed', reason: null });
    expect(await deployHost()).toMatchObject({ software_release: 'tools-1.0.0', target_release: 'tools-1.0.0', host_state: 'rolled-back' });
    expect((await fm.alarms()).map((a) => String(a['alarm_id'])).filter((id) => id.startsWith('900.'))).toEqual([]);
    expect([await releaseState('tools-1.0.0'), await releaseState('tools-1.2.0')]).toEqual(['deployed', 'available']);
  });

  it('retries a rollback whose hooks failed, and keeps the output of the hook that failed it', async () => {
    await upload('tools-1.3.0');
    expect((await deploy('tools-1.3.0')).status).toBe(200);
    await report({ running: 'tools-1.3.0', previous: 'tools-1.0.0', state: 'deployed', reason: null });
    expect((await rollback()).json()).toMatchObject({ target_release: 'tools-1.0.0', host_state: 'rolling-back' });
    await report({ running: 'tools-1.3.0', previous: 'tools-1.0.0', state: 'failed', reason: 'pre-install hook hooks/pre.sh failed (exit 1): busy', hook_output: 'busy' });
    expect(await deployHost()).toMatchObject({ target_release: 'tools-1.0.0', host_state: 'failed', hook_output: 'busy' });
    const again = await rollback();
    expect(again.status, again.body).toBe(200);
    expect(again.json()).toMatchObject({ target_release: 'tools-1.0.0', host_state: 'rolling-back' });
    await report({ running: 'tools-1.0.0', previous: 'tools-1.3.0', state: 'deployed', reason: null });
    expect(await deployHost()).toMatchObject({ software_release: 'tools-1.0.0', host_state: 'rolled-back', hook_output: null });
  });
});

function minimalInventory() {
  return {
    hostname: 'compute-0', kernel: '6.1.0', osRelease: 'Debian', bootId: '00000000-0000-4000-8000-000000000000', uptimeSeconds: 10, memTotalMiB: 1024, memAvailableMiB: 512,
    cpus: [{ cpu: 0, socket: 0, core: 0, thread: 0, numaNode: 0, model: 'x', family: '6' }],
    numaNodes: [{ node: 0, memTotalMiB: 1024, memFreeMiB: 512, hugepages: [] }],
    disks: [],
    nics: [],
  };
}
