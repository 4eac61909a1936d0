import { DcAgentApi } from '@murmuration/client';
import { DC_ENDPOINT_TYPES, PUSHED_ENDPOINT_TYPES } from '@murmuration/core/dc';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { leanFetch } from '../../src/runtime/lean-fetch.js';
import { centralSyncState, CENTRAL_SYNC_STATE_TTL_MS, subcloudSyncPush, type CentralSyncState } from '@murmuration/server';
import { createUser } from '../support/api-helpers.js';
import { joinAsSubcloud } from '../support/joined-subcloud.js';
import { createManualClock } from '../support/manual-clock.js';
import { useTestController } from '../support/use-test-controller.js';

describe.each(testDialects())('the central sync state and its push on %s', (dialect) => {
  const clock = createManualClock(Date.parse('2026-06-01T08:00:00Z'));
  const central = useTestController(dialect, { clock });
  const sub = useTestController(dialect, { clock });
  const fetch = leanFetch({ timeoutMs: 10_000, maxBodyBytes: 1024 * 1024 });
  const pusher = subcloudSyncPush({ fetch });
  let state: CentralSyncState;
  let target: { url: string };
  let token: string;

  beforeAll(async () => {
    state = centralSyncState({ store: central.controller.store, clock });
    target = { url: await sub.controller.listen() };
    ({ token } = await joinAsSubcloud(sub, await sub.adminToken()));
  });

  it('pushed to a subcloud, makes it report the central digests for every endpoint type', async () => {
    await createUser(central, await central.adminToken(), 'dc-frank', { role: 'member' });
    clock.advance(CENTRAL_SYNC_STATE_TTL_MS);
    const snapshot = await state.current();
    const audited = async () => {
      const answer = await new DcAgentApi(target.url, fetch).audit({ token });
      if (answer.status !== 200) throw new Error('no report');
      return answer.report.sync;
    };
    expect((await audited()).identity).not.toBe(snapshot.digests.identity);
    for (const endpoint of PUSHED_ENDPOINT_TYPES) {
      const pushed = await pusher.push(target, token, endpoint, snapshot.inputs[endpoint]);
      expect(pushed).toEqual({ ok: true, digest: snapshot.digests[endpoint] });
    }
    const reported = await audited();
    for (const endpoint of DC_ENDPOINT_TYPES) expect(reported[endpoint]).toBe(snapshot.digests[endpoint]);
  });

  it('answers a failure instead of throwing: a refused token, a refused body, an unreachable subcloud', async () => {
    const { inputs } = await state.current();
    const refused = await pusher.push(target, 'not-a-token', 'identity', inputs.identity);
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const broken = { ...inputs.platform, receivers: [{ name: 'x', kind: 'webhook' as const, url: 'ftp://x/' }] };
    expect(await pusher.push(target, token, 'platform', broken)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const gone = await pusher.push({ url: 'http://127.0.0.1:9' }, token, 'platform', inputs.platform);
    expect(gone).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
  });

  it('is computed at most once a second: callers meanwhile share it, a change shows once it is over', async () => {
    clock.advance(CENTRAL_SYNC_STATE_TTL_MS);
    const first = await state.current();
    const [again, concurrent] = await Promise.all([state.current(), state.current()]);
    expect(again).toBe(first);
    expect(concurrent).toBe(first);
    await createUser(central, await central.adminToken(), 'dc-grace', { role: 'reader' });
    clock.advance(CENTRAL_SYNC_STATE_TTL_MS - 1);
    expect(await state.current()).toBe(first);
    clock.advance(1);
    const next = await state.current();
    expect(next.digests.identity).not.toBe(first.digests.identity);
    expect(next.inputs.identity.users.map((u) => u.name)).toContain('dc-grace');
    expect(next.digests.platform).toBe(first.digests.platform);
  });
});
