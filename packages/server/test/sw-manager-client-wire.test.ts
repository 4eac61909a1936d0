import { buildBundle } from '@murmuration/release';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../test-support/databases.js';
import { createManualClock } from './support/manual-clock.js';
import type { InjectResult } from './support/test-controller.js';
import { useTestController } from './support/use-test-controller.js';

/**
 * `sw-manager sw-deploy-strategy` (starlingx/nfv, nfv-client/nfv_client) request for request:
 * bodies byte for byte as `openstack/sw_update.py` builds them and `requests` sends them
 * (`json=`, Python's default separators), and the answer read the way the client reads it.
 */

type Json = Record<string, unknown>;

/** Python's `d[key]`: a missing key is a KeyError, which kills the client. */
function key(d: Json, name: string): unknown {
  if (!(name in d)) throw new Error(`sw-manager dies: KeyError '${name}' in ${JSON.stringify(d).slice(0, 200)}`);
  return d[name];
}

/** Python's `{k: d[k] for k in names}`. */
const pick = (d: Json, names: readonly string[]): Json => Object.fromEntries(names.map((k) => [k, key(d, k)]));

type ClientStage = Json & { steps: Json[] };
type ClientPhase = Json & { stages: ClientStage[] };
type ClientStrategy = Json & { build: ClientPhase; apply: ClientPhase; abort: ClientPhase };

const PHASE_KEYS = ['phase-name', 'total-stages', 'current-stage', 'stop-at-stage', 'timeout', 'start-date-time', 'end-date-time', 'inprogress', 'completion-percentage', 'result', 'reason'];
const STAGE_KEYS = ['stage-id', 'stage-name', 'total-steps', 'current-step', 'timeout', 'start-date-time', 'end-date-time', 'inprogress', 'result', 'reason'];
const STEP_KEYS = ['step-id', 'step-name', 'entity-type', 'entity-names', 'entity-uuids', 'timeout', 'start-date-time', 'end-date-time', 'result', 'reason'];
const STRATEGY_KEYS = [
  'uuid', 'name', 'controller-apply-type', 'storage-apply-type', 'swift-apply-type', 'worker-apply-type', 'max-parallel-worker-hosts',
  'default-instance-action', 'alarm-restrictions', 'current-phase', 'current-phase-completion-percentage', 'state',
];

/** What `_get_strategy_object_from_response` reads, with the same keys required and the same optional ones. */
function clientStrategy(body: Json): ClientStrategy | null {
  const s = body['strategy'] as Json | null | undefined;
  if (s === null || s === undefined) return null;
  const phase = (p: Json): ClientPhase => ({
    ...pick(p, PHASE_KEYS),
    stages: (key(p, 'stages') as Json[]).map((st) => ({ ...pick(st, STAGE_KEYS), steps: (key(st, 'steps') as Json[]).map((sp) => pick(sp, STEP_KEYS)) })),
  });
  const releaseId = key(s, 'name') === 'sw-upgrade' ? s['release-id'] : undefined;
  return {
    ...pick(s, STRATEGY_KEYS),
    releaseId,
    // Read only once the release is known, with .get(): absent prints "none".
    preUpgradeDeploy: releaseId ? s['pre-upgrade-deploy'] : undefined,
    release: releaseId ? undefined : key(s, 'release'),
    build: phase(key(s, 'build-phase') as Json),
    apply: phase(key(s, 'apply-phase') as Json),
    abort: phase(key(s, 'abort-phase') as Json),
  };
}

/** `_get_current_stage_and_step`: the first stage in progress of the current phase, else its last stage. */
function currentStage(strategy: ClientStrategy): string | null {
  const phase = [strategy.build, strategy.apply, strategy.abort].find((p) => p['phase-name'] === strategy['current-phase']);
  if (!phase || phase.stages.length === 0) return null;
  const stage = phase.stages.find((st) => st['inprogress'] === true) ?? phase.stages.at(-1)!;
  return stage['stage-name'] as string;
}

/** How the client turns a refusal into its message (`rest_api.request`): the faultstring, or a stock text. */
function clientFailure(res: InjectResult): string {
  const body = res.json();
  if (res.status === 400) return `Operation failed: Bad request.\n${body.faultstring ?? 'Unknown cause of bad request.  Check /var/log/nfv-vim-api.log for details.'}`;
  if (res.status === 409) return `Operation failed: Conflict detected.\n${body.faultstring ?? 'strategy already exists.'}`;
  return `HTTP error ${res.status}`;
}

describe.each(testDialects())('sw-manager sw-deploy-strategy against the VIM API on %s', (dialect) => {
  const url = '/nfv/api/orchestration/sw-upgrade/strategy';
  let token: string;
  /**
   * `rest_api.request` headers: requests' own, Accept, the token, and the X-User/X-Tenant/X-User-Domain-Name the shell
   * passes.
   */
  const headers = () => ({
    'user-agent': 'python-requests/2.32.3',
    'accept-encoding': 'gzip, deflate',
    accept: 'application/json',
    connection: 'keep-alive',
    'content-type': 'application/json',
    'x-user': 'admin',
    'x-tenant': 'admin',
    'x-user-domain-name': 'Default',
  });
  const post = (path: string, body: string) => t.request({ method: 'POST', url: path, token, headers: headers(), rawBody: body });
  /** `create_strategy` for sw-deploy with the shell's defaults; `flags` are the optional keys in the client's order. */
  const createBody = (release: string[], flags = '', tail = '') =>
    `{"default-instance-action": "stop-start", "release": ${JSON.stringify(release)}, "rollback": null, "delete": null${flags}, "controller-apply-type": "serial", "storage-apply-type": "serial", "worker-apply-type": "serial"${tail}, "alarm-restrictions": "strict"}`;

  // Time stands still: the host below never reports, so the strategy stays applying until the test is done with it.
  const t = useTestController(dialect, { clock: createManualClock(), config: { systemMode: 'duplex', orchestration: { pollMs: 20, stabilizeSeconds: 0 } } });
  beforeAll(async () => {
    token = await t.adminToken();
    const bootstrap = (await t.request({ method: 'POST', url: '/sysinv/v1/host_bootstrap_tokens', token, body: {} })).json().token;
    expect((await t.request({ method: 'POST', url: '/agent/v1/register', token: null, body: { bootstrap_token: bootstrap, hostname: 'compute-0', personality: 'worker' } })).status).toBe(200);
    const key = readFileSync(path.join(t.db.dir, 'release-signing-key.pem'), 'utf8');
    const bundle = buildBundle([{ path: 'metadata.json', data: Buffer.from(JSON.stringify({ id: 'tools-1.0.0', version: '1.0.0' })) }], key).bundle;
    expect((await t.request({ method: 'POST', url: '/usm/v1/upload', token, rawBody: bundle, headers: { 'content-type': 'application/gzip' } })).status).toBe(200);
  });

  it('refuses what the platform cannot do with the faultstring the client prints', async () => {
    const cases: Array<[string, string]> = [
      [createBody([], '', '').replace('"rollback": null', '"rollback": true'), 'A rollback strategy is not supported: send each host back with `software deploy host-rollback HOST`'],
      [createBody(['tools-1.0.0']).replace('"rollback": null', '"rollback": true'), 'Cannot set both release and rollback'],
      [createBody(['tools-1.0.0'], ', "kube-upgrade": "v1.33.0"'), 'kube-upgrade is not supported: this platform does not upgrade Kubernetes'],
      [createBody(['tools-1.0.0'], ', "pre-upgrade-deploy": true'), 'pre-upgrade-deploy is not supported: a release bundle has no pre-upgrade metapackages'],
      [createBody([], ', "cleanup": true'), 'cleanup is not supported: a strategy leaves no deployment or Kubernetes upgrade to clean up'],
      [createBody(['tools-1.0.0', 'tools-1.1.0']), 'A strategy deploys one release; 2 were given'],
      [createBody(['tools-9.9.9']), 'release tools-9.9.9 has not been uploaded'],
    ];
    for (const [body, says] of cases) {
      const res = await post(url, body);
      expect(res.status, body).toBe(400);
      expect(res.json()).toEqual({ faultcode: 'Client', faultstring: says, debuginfo: null });
      expect(clientFailure(res)).toBe(`Operation failed: Bad request.\n${says}`);
    }
    expect(clientStrategy((await t.request({ method: 'GET', url, token, headers: { accept: 'application/json' } })).json())).toBeNull();
  });

  it('creates the strategy from what `create` always sends, and answers with pre-upgrade-deploy', async () => {
    const res = await post(url, createBody(['tools-1.0.0'], ', "snapshot": true', ', "max-parallel-worker-hosts": 2').replace('"delete": null', '"delete": true'));
    expect(res.status, res.body).toBe(200);
    const strategy = clientStrategy(res.json())!;
    expect(strategy).toMatchObject({ releaseId: 'tools-1.0.0', preUpgradeDeploy: false, state: 'ready-to-apply', 'current-phase': 'build', 'controller-apply-type': 'serial' });
    expect(strategy.apply.stages.map((st) => st['stage-name'])).toEqual(['sw-upgrade-start', 'sw-upgrade-worker-hosts', 'sw-upgrade-complete']);

    const again = await post(url, createBody(['tools-1.0.0']));
    expect(again.status).toBe(409);
    expect(clientFailure(again)).toBe('Operation failed: Conflict detected.\na sw-deploy strategy already exists; delete it first');
  });

  it('answers `apply` with the first stage under way', async () => {
    const res = await post(`${url}/actions`, '{"action": "apply-all"}');
    expect(res.status, res.body).toBe(202);
    const strategy = clientStrategy(res.json())!;
    expect(strategy.state).toBe('applying');
    expect(strategy.apply.stages[0]).toMatchObject({ 'stage-name': 'sw-upgrade-start', inprogress: true, 'start-date-time': '2026-01-01 00:00:00' });
    expect(currentStage(strategy)).toBe('sw-upgrade-start');
  });

  it('takes `abort` (abort-stage with a null stage-id) as an abort of the whole strategy', async () => {
    const strategy = async () => clientStrategy((await t.request({ method: 'GET', url, token })).json())!;
    // Under way on compute-0, whose agent never answers.
    for (let i = 0; i < 200 && currentStage(await strategy()) !== 'sw-upgrade-worker-hosts'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(currentStage(await strategy())).toBe('sw-upgrade-worker-hosts');
    const res = await post(`${url}/actions`, '{"action": "abort-stage", "stage-id": null}');
    expect(res.status, res.body).toBe(202);
    expect(clientStrategy(res.json())).toMatchObject({ state: 'aborting' });

    const missing = await post(`${url}/actions`, '{"action": "abort-stage", "stage-id": "x"}');
    expect(missing.status).toBe(400);
    expect(missing.json()).toEqual({ faultcode: 'Client', faultstring: expect.stringContaining("body.stage-id"), debuginfo: null });
    expect((await t.request({ method: 'DELETE', url, token, headers: headers(), rawBody: '{"force": true}' })).status).toBe(204);
  });
});
