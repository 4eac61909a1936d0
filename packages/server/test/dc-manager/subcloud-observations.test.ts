import { beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../../../../test-support/databases.js';
import { joinAnswer } from '../support/hollow-join-subcloud.js';
import { useSystemController } from '../support/use-system-controller.js';

interface FmAlarm {
  alarm_id: string;
  entity_instance_id: string;
  severity: string;
  reason_text: string;
}

const REPORT = {
  region_name: 'region-sc1', system_uuid: 'u', software_version: '0.1.1', availability: 'online' as const, releases: [],
  alarms: { critical: 1, major: 2, minor: 3, warnings: 4 },
  hosts: { total: 1, available: 1, degraded: 0, failed: 0, offline: 0 },
  sync: { identity: 'a'.repeat(64), platform: 'b'.repeat(64), software: 'c'.repeat(64) },
};

describe.each(testDialects())('what the audit records of a managed subcloud, on %s', (dialect) => {
  const suite = useSystemController(dialect);
  const { t, clock, dc } = suite;
  const service = () => t.controller.services.dcManager;
  const subcloudAlarms = async (): Promise<FmAlarm[]> => {
    const alarms = (await t.request({ method: 'GET', url: '/fm/v1/alarms', token: suite.admin })).json().alarms as FmAlarm[];
    return alarms
      .filter((a) => a.entity_instance_id.startsWith('subcloud='))
      .sort((a, b) => a.entity_instance_id.localeCompare(b.entity_instance_id));
  };
  const show = async (ref: string) => (await dc.get(`/subclouds/${ref}`)).json();

  beforeAll(async () => {
    for (const name of ['sc1', 'sc2']) {
      suite.hollow.answer = () => ({ status: 200, body: joinAnswer({ region_name: `region-${name}` }) });
      expect((await dc.post('/subclouds/', { name, url: `${suite.hollow.url}/${name}`, join_token: 'mjt' })).status).toBe(200);
    }
    expect((await dc.patchForm('/subclouds/sc1', [['management-state', 'managed']])).status).toBe(200);
  });

  it('marks a subcloud online with its audit report: its version and alarm counts, and no alarm to clear', async () => {
    const after = await service().markOnline(1, REPORT);
    expect(after).toMatchObject({ availabilityStatus: 'online', softwareVersion: '0.1.1', alarms: REPORT.alarms });
    expect(await show('sc1')).toMatchObject({ 'availability-status': 'online', 'software-version': '0.1.1' });
    const summary = (await dc.get('/alarms/')).json().alarm_summary;
    expect(summary.map((a: { region_name: string }) => a.region_name)).toEqual(['sc2', 'sc1']);
    expect(summary[1]).toMatchObject({ critical_alarms: 1, major_alarms: 2, minor_alarms: 3, warnings: 4, cloud_status: 'critical' });
    expect(await subcloudAlarms()).toEqual([]);
  });

  it('changes nothing when nothing changed: not even the time of the last change', async () => {
    const before = await show('sc1');
    clock.advance(5000);
    await service().markOnline(1, REPORT);
    await service().setAlarmCounts(1, REPORT.alarms);
    expect((await show('sc1'))['updated-at']).toBe(before['updated-at']);
  });

  it('raises 280.002 for each endpoint out-of-sync and clears it when it is not any more', async () => {
    await service().setEndpointSync(1, { identity: 'in-sync', platform: 'out-of-sync', software: 'out-of-sync' });
    const shown = await show('sc1');
    expect(shown.sync_status).toBe('out-of-sync');
    expect(shown.endpoint_sync_status).toEqual([
      { endpoint_type: 'identity', sync_status: 'in-sync' },
      { endpoint_type: 'platform', sync_status: 'out-of-sync' },
      { endpoint_type: 'software', sync_status: 'out-of-sync' },
    ]);
    expect((await subcloudAlarms()).map((a) => [a.alarm_id, a.entity_instance_id, a.severity, a.reason_text])).toEqual([
      ['280.002', 'subcloud=sc1.resource=platform', 'major', 'sc1 platform sync_status is out-of-sync'],
      ['280.002', 'subcloud=sc1.resource=software', 'major', 'sc1 software sync_status is out-of-sync'],
    ]);
    await service().setEndpointSync(1, { software: 'in-sync' });
    expect((await subcloudAlarms()).map((a) => a.entity_instance_id)).toEqual(['subcloud=sc1.resource=platform']);
    await service().setEndpointSync(1, { platform: 'in-sync' });
    expect(await subcloudAlarms()).toEqual([]);
    expect((await show('sc1')).sync_status).toBe('in-sync');
    expect((await dc.get('/subclouds/summary')).json().summary.sync_status['in-sync']).toBe(1);
  });

  it('marks it offline: 280.001 raised, every endpoint unknown (its 280.002 cleared), counts disabled; online clears it', async () => {
    await service().setEndpointSync(1, { identity: 'out-of-sync' });
    const offline = await service().markOffline(1, 'two audits failed: connection refused');
    expect(offline).toMatchObject({ availabilityStatus: 'offline', syncStatus: 'unknown', alarms: { critical: -1, major: -1, minor: -1, warnings: -1 } });
    expect((await subcloudAlarms()).map((a) => [a.alarm_id, a.entity_instance_id, a.severity, a.reason_text])).toEqual([
      ['280.001', 'subcloud=sc1', 'critical', 'sc1 is offline'],
    ]);
    expect((await dc.get('/alarms/')).json().alarm_summary[1].cloud_status).toBe('disabled');
    expect(t.logs()).toContain('two audits failed: connection refused');
    // Offline again: nothing new.
    expect(await service().markOffline(1, 'still down')).toMatchObject({ availabilityStatus: 'offline' });
    expect(t.logs()).not.toContain('still down');

    await service().recordObservation(1, {
      availability: 'online', softwareVersion: '0.1.1', alarms: { critical: 0, major: 0, minor: 0, warnings: 2 },
      endpointSync: { identity: 'in-sync', platform: 'in-sync', software: 'in-sync' },
    });
    expect(await subcloudAlarms()).toEqual([]);
    expect(await show('sc1')).toMatchObject({ 'availability-status': 'online', sync_status: 'in-sync' });
    expect((await dc.get('/alarms/')).json().alarm_summary[1].cloud_status).toBe('OK');
  });

  it('drops what an audit saw of a subcloud that is not managed, and of one that does not exist', async () => {
    expect(await service().markOnline(2, REPORT)).toBeNull();
    expect(await service().markOffline(2, 'x')).toBeNull();
    expect(await service().setEndpointSync(2, { identity: 'out-of-sync' })).toBeNull();
    expect(await service().setAlarmCounts(99, REPORT.alarms)).toBeNull();
    expect(await show('sc2')).toMatchObject({ 'availability-status': 'offline', sync_status: 'unknown' });
    expect(await subcloudAlarms()).toEqual([]);
  });

  it('clears a deleted subcloud\'s alarms, and moves a renamed one\'s 280.001 to its new name', async () => {
    await service().markOffline(1, 'down');
    expect((await subcloudAlarms()).map((a) => a.entity_instance_id)).toEqual(['subcloud=sc1']);
    expect((await dc.patchForm('/subclouds/sc1', [['management-state', 'unmanaged']])).status).toBe(200);
    const renamed = await dc.patchForm('/subclouds/sc1', [['name', 'one']]);
    expect(renamed.status, renamed.body).toBe(200);
    expect((await subcloudAlarms()).map((a) => [a.entity_instance_id, a.reason_text])).toEqual([['subcloud=one', 'one is offline']]);
    expect((await dc.delete('/subclouds/one')).status).toBe(200);
    expect(await subcloudAlarms()).toEqual([]);
  });
});
