import { afterEach, describe, expect, it } from 'vitest';
import { strategy } from './support/dcmanager-strategy-wire.js';
import { useDcmanagerCli, webob } from './support/hollow-system-controller.js';

const PATH = '/dcmanager/v1.0';

const subcloud = (changes: Record<string, unknown> = {}) => ({
  id: 3, name: 'edge-7', description: null, location: null, 'software-version': '26.03',
  'management-state': 'managed', 'availability-status': 'online', 'deploy-status': 'complete',
  'management-subnet': null, 'management-start-ip': null, 'management-end-ip': null, 'management-gateway-ip': null,
  'systemcontroller-gateway-ip': null, 'created-at': '2026-03-01T10:00:00.123456', 'updated-at': null, group_id: 1,
  'error-description': 'No errors present', 'prestage-status': 'prestaging', 'prestage-versions': null, ...changes,
});

const progress = (changes: Record<string, unknown> = {}) => ({
  subcloud: 'edge-7', status: 'prestaging', release: 'edge-2.0.0', for_sw_deploy: false, bytes_sent: 0,
  bytes_total: 4 * 1024 * 1024, percent: 0, rate_bps: 0, attempts: 1, resumed_from_bytes: 0, error: null,
  'prestage-versions': null, 'started-at': '2026-03-01 10:00:00', 'finished-at': null, 'updated-at': '2026-03-01 10:00:00',
  ...changes,
});

const prestageStrategy = () => strategy({ type: 'prestage', 'max-parallel-subclouds': 50 }, {});
const withPrestageArgs = () => ({
  ...prestageStrategy(),
  'extra-args': {
    sysadmin_password: null, force: false, 'prestage-software-version': 'edge-2.0.0', for_sw_deploy: true, 'max-failures': null,
  },
});

describe('murmur dcmanager subcloud prestage and prestage-strategy: what each command sends and prints', () => {
  const { hollow, io, dc, sent, fieldRows } = useDcmanagerCli();
  afterEach(() => {
    delete process.env['MURMUR_SUBCLOUD_SYSADMIN_PASSWORD'];
  });

  it('prestages as dcmanager\'s client does: the password in base64, the flags the string "true", for_install unless told', async () => {
    hollow.answer({ 'PATCH /subclouds/edge-7/prestage': { body: { ...subcloud(), 'prestage-software-version': 'edge-2.0.0' } } });
    expect(await dc('subcloud', 'prestage', 'edge-7', '--release', 'edge-2.0.0', '--sysadmin-password', 's3cret')).toBe(0);
    process.env['MURMUR_SUBCLOUD_SYSADMIN_PASSWORD'] = 'fr0m-env';
    expect(await dc('subcloud', 'prestage', 'edge-7', '--release', 'edge-2.0.0', '--for-sw-deploy', '--force', '-f', 'value', '-c', 'prestage_software_version')).toBe(0);
    expect(sent()).toEqual([
      ['PATCH', `${PATH}/subclouds/edge-7/prestage`, { sysadmin_password: 'czNjcmV0', release: 'edge-2.0.0', for_install: 'true' }],
      ['PATCH', `${PATH}/subclouds/edge-7/prestage`, { sysadmin_password: 'ZnIwbS1lbnY=', force: 'true', release: 'edge-2.0.0', for_sw_deploy: 'true' }],
    ]);
    const rows = fieldRows();
    expect(rows.map(([k]) => k)).toContain('prestage_status');
    expect(rows.at(-1)).toEqual(['prestage_software_version', 'edge-2.0.0']);
    expect(io.stdout.trim().split('\n').at(-1)).toBe('edge-2.0.0');
  });

  it('refuses --for-install with --for-sw-deploy, and a missing password off a terminal, sending nothing', async () => {
    hollow.answer({});
    expect(await dc('subcloud', 'prestage', 'edge-7', '--release', 'r', '--for-install', '--for-sw-deploy', '--sysadmin-password', 'x')).toBe(2);
    expect(io.stderr).toContain('cannot be used with');
    io.clear();
    expect(await dc('subcloud', 'prestage', 'edge-7', '--release', 'r')).toBe(2);
    expect(io.stderr).toContain('MURMUR_SUBCLOUD_SYSADMIN_PASSWORD');
    expect(sent()).toEqual([]);
  });

  it('says what could not be done, with the server\'s reason', async () => {
    const reason = "Prestage failed 'edge-7': Subcloud is offline.";
    hollow.answer({ 'PATCH /subclouds/edge-7/prestage': { status: 400, body: webob('400 Bad Request', 'The server could not comply with the request since it is either malformed or otherwise incorrect.', reason) } });
    expect(await dc('subcloud', 'prestage', 'edge-7', '--release', 'r', '--sysadmin-password', 'x')).toBe(1);
    expect(io.stderr).toContain(`${reason}\nUnable to prestage subcloud edge-7`);
  });

  it('prestage --watch prints a line whenever it moves, until complete; prestage-status shows where it stands', async () => {
    const MIB = 1024 * 1024;
    const states = [
      progress({ bytes_sent: MIB, percent: 25, rate_bps: MIB }),
      progress({ bytes_sent: MIB, percent: 25, rate_bps: MIB }),
      progress({ bytes_sent: 2 * MIB, percent: 50, rate_bps: MIB, attempts: 2, resumed_from_bytes: MIB }),
      progress({ status: 'complete', bytes_sent: 4 * MIB, percent: 100, rate_bps: MIB, attempts: 2, resumed_from_bytes: MIB, 'prestage-versions': 'edge-2.0.0' }),
    ];
    let shown = 0;
    hollow.answer({
      'PATCH /subclouds/edge-7/prestage': { body: { ...subcloud(), 'prestage-software-version': 'edge-2.0.0' } },
      'GET /subclouds/edge-7/prestage': () => ({ body: states[Math.min(shown++, states.length - 1)] }),
    });
    expect(await dc('subcloud', 'prestage', 'edge-7', '--release', 'edge-2.0.0', '--sysadmin-password', 'x', '--watch', '--interval', '0.01')).toBe(0);
    expect(io.stdout.split('\n')).toEqual([
      'edge-7 prestaging edge-2.0.0 25% (1.0 MiB of 4.0 MiB) at 1.0 MiB/s, attempt 1',
      'edge-7 prestaging edge-2.0.0 50% (2.0 MiB of 4.0 MiB) at 1.0 MiB/s, attempt 2, resumed from 1.0 MiB',
      'edge-7 complete edge-2.0.0 100% (4.0 MiB of 4.0 MiB) at 1.0 MiB/s, attempt 2, resumed from 1.0 MiB',
      '',
    ]);
    io.clear();
    expect(await dc('subcloud', 'prestage-status', 'edge-7', '-f', 'value', '-c', 'prestage_status', '-c', 'resumed_from_bytes', '-c', 'prestage_versions')).toBe(0);
    expect(io.stdout).toBe(`complete ${MIB} edge-2.0.0\n`);
  });

  it('prestage --watch fails (exit status 1) when the prestage fails', async () => {
    hollow.answer({
      'PATCH /subclouds/edge-7/prestage': { body: { ...subcloud(), 'prestage-software-version': 'edge-2.0.0' } },
      'GET /subclouds/edge-7/prestage': { body: progress({ status: 'failed', error: 'the subcloud refused the bundle: bad signature' }) },
    });
    expect(await dc('subcloud', 'prestage', 'edge-7', '--release', 'edge-2.0.0', '--sysadmin-password', 'x', '--watch', '--interval', '0.01')).toBe(1);
    expect(io.stdout).toContain('failed edge-2.0.0 0% (0 KiB of 4.0 MiB) at 0 KiB/s, attempt 1: the subcloud refused the bundle: bad signature');
    expect(io.stderr).toContain('the prestage of edge-7 ended failed');
  });

  it('creates a prestage strategy with dcmanager\'s keys; its table puts the prestage software version before state', async () => {
    hollow.answer({ 'POST /sw-update-strategy/': { body: withPrestageArgs() } });
    expect(await dc('prestage-strategy', 'create', '--release', 'edge-2.0.0', '--for-sw-deploy', '--max-parallel-subclouds', '50', '--stop-on-failure', '--sysadmin-password', 's3cret')).toBe(0);
    expect(sent()).toEqual([['POST', `${PATH}/sw-update-strategy/`, {
      type: 'prestage', 'max-parallel-subclouds': 50, 'stop-on-failure': 'true', sysadmin_password: 'czNjcmV0', release: 'edge-2.0.0',
      for_sw_deploy: 'true',
    }]]);
    expect(fieldRows().map(([k]) => k).slice(1)).toEqual([
      'strategy type', 'subcloud apply type', 'max parallel subclouds', 'stop on failure', 'prestage software version', 'state',
      'created_at', 'updated_at',
    ]);
  });

  it('refuses a group with a cloud, and shows, applies, aborts and deletes with ?type=prestage', async () => {
    hollow.answer({
      'GET /sw-update-strategy?type=prestage': { body: withPrestageArgs() },
      'POST /sw-update-strategy/actions?type=prestage': { body: { ...withPrestageArgs(), state: 'applying' } },
      'DELETE /sw-update-strategy?type=prestage': { body: { ...withPrestageArgs(), state: 'deleting' } },
    });
    expect(await dc('prestage-strategy', 'create', '--group', 'g', 'edge-7', '--sysadmin-password', 'x')).toBe(2);
    expect(io.stderr).toContain('The cloud_name and group options are mutually exclusive.');
    io.clear();
    for (const args of [['show'], ['apply', '--yes'], ['abort'], ['delete', '--yes']]) {
      expect(await dc('prestage-strategy', ...args, '-f', 'value', '-c', 'prestage software version', '-c', 'state')).toBe(0);
    }
    expect(io.stdout).toBe('edge-2.0.0 initial\nedge-2.0.0 applying\nedge-2.0.0 applying\nedge-2.0.0 deleting\n');
    expect(sent().map(([m, p]) => `${m} ${p}`)).toEqual([
      `GET ${PATH}/sw-update-strategy?type=prestage`, `POST ${PATH}/sw-update-strategy/actions?type=prestage`,
      `POST ${PATH}/sw-update-strategy/actions?type=prestage`, `DELETE ${PATH}/sw-update-strategy?type=prestage`,
    ]);
  });
});
