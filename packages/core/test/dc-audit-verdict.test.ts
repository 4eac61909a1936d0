import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { aggregateSyncStatus, auditVerdict, cloudStatus, stateAlarms, type AuditedState } from '@murmuration/core/dc';
import { describe, expect, it } from 'vitest';

const D = (c: string) => c.repeat(64);
const central = { identity: D('a'), platform: D('b'), software: D('c') };

function report(overrides: Partial<SubcloudAuditReport> = {}): SubcloudAuditReport {
  return {
    region_name: 'r1',
    system_uuid: 'u1',
    software_version: '26.03',
    availability: 'online',
    releases: [],
    alarms: { critical: 0, major: 1, minor: 0, warnings: 2 },
    hosts: { total: 1, available: 1, degraded: 0, failed: 0, offline: 0 },
    sync: { ...central },
    ...overrides,
  };
}

const fresh: AuditedState = {
  name: 'sc1', availability: 'offline', failures: 0, softwareVersion: '26.03', report: null,
  endpointSync: { identity: 'unknown', platform: 'unknown', software: 'unknown' },
  alarms: { critical: -1, major: -1, minor: -1, warnings: -1 },
};

describe('audit verdict', () => {
  it('brings a new subcloud online, in sync, with its alarm counts, clearing 280.001', () => {
    const v = auditVerdict(fresh, { kind: 'report', report: report() }, central);
    expect(v.changes).toEqual({
      availability: 'online', endpointSync: { identity: 'in-sync', platform: 'in-sync', software: 'in-sync' },
      alarms: { critical: 0, major: 1, minor: 0, warnings: 2 },
    });
    const after = { name: 'sc1', availabilityStatus: 'online' as const, endpointSync: v.changes.endpointSync! };
    expect(stateAlarms({ name: 'sc1', availabilityStatus: 'offline', endpointSync: fresh.endpointSync }, after))
      .toEqual([{ kind: 'clear', alarmId: '280.001', entityInstanceId: 'subcloud=sc1' }]);
    expect(v.failures).toBe(0);
  });

  it('changes nothing when an online, in-sync subcloud answers 304', () => {
    const online: AuditedState = { ...fresh, availability: 'online', report: report(), alarms: report().alarms,
      endpointSync: { identity: 'in-sync', platform: 'in-sync', software: 'in-sync' } };
    const v = auditVerdict(online, { kind: 'unchanged' }, central);
    expect(v.changes).toEqual({});
    expect(v.report).toBeUndefined();
  });

  it('raises 280.002 when the central side changed under an unchanged subcloud, and clears it once synced', () => {
    const online: AuditedState = { ...fresh, availability: 'online', report: report(), alarms: report().alarms,
      endpointSync: { identity: 'in-sync', platform: 'in-sync', software: 'in-sync' } };
    const v = auditVerdict(online, { kind: 'unchanged' }, { ...central, identity: D('d') });
    expect(v.changes.endpointSync?.identity).toBe('out-of-sync');
    const before = { name: 'sc1', availabilityStatus: 'online' as const, endpointSync: online.endpointSync };
    const raised = stateAlarms(before, { ...before, endpointSync: v.changes.endpointSync! });
    expect(raised.map((c) => c.kind === 'set' && c.alarm.entityInstanceId)).toEqual(['subcloud=sc1.resource=identity']);
    const out = { ...online, endpointSync: v.changes.endpointSync! };
    const back = auditVerdict(out, { kind: 'report', report: report({ sync: { ...central, identity: D('d') } }) }, { ...central, identity: D('d') });
    expect(back.changes.endpointSync?.identity).toBe('in-sync');
  });

  it('goes offline only at the second failure in a row, disabling counts and clearing its sync alarms', () => {
    const online: AuditedState = { ...fresh, availability: 'online', report: report(), alarms: report().alarms,
      endpointSync: { identity: 'out-of-sync', platform: 'in-sync', software: 'in-sync' } };
    const first = auditVerdict(online, { kind: 'failed', error: 'ECONNREFUSED' }, central);
    expect(first).toMatchObject({ failures: 1, changes: {}, lastError: 'ECONNREFUSED' });
    const second = auditVerdict({ ...online, failures: 1 }, { kind: 'failed', error: 'ETIMEDOUT' }, central);
    expect(second.changes).toEqual({
      availability: 'offline', endpointSync: { identity: 'unknown', platform: 'unknown', software: 'unknown' },
      alarms: { critical: -1, major: -1, minor: -1, warnings: -1 },
    });
    const gone = stateAlarms(
      { name: 'sc1', availabilityStatus: 'online', endpointSync: online.endpointSync },
      { name: 'sc1', availabilityStatus: 'offline', endpointSync: second.changes.endpointSync! },
    );
    expect(gone.map((c) => c.kind)).toEqual(['set', 'clear']);
    const third = auditVerdict({ ...online, availability: 'offline', failures: 2 }, { kind: 'failed', error: 'x' }, central);
    expect(third).toMatchObject({ failures: 3, changes: {} });
  });

  it('recovers from offline on an unchanged answer, using the answer it kept', () => {
    const offline: AuditedState = { ...fresh, failures: 4, report: report() };
    const v = auditVerdict(offline, { kind: 'unchanged' }, central);
    expect(v.changes.availability).toBe('online');
    expect(v.changes.alarms).toEqual(report().alarms);
  });

  it('leaves endpoints unknown while the system controller has no digests', () => {
    const v = auditVerdict(fresh, { kind: 'report', report: report() }, null);
    expect(v.changes.endpointSync).toBeUndefined();
  });

  it('aggregates sync status and cloud status as dcmanager does', () => {
    expect(aggregateSyncStatus([{ endpointType: 'identity', syncStatus: 'in-sync' }, { endpointType: 'platform', syncStatus: 'unknown' }])).toBe('out-of-sync');
    expect(aggregateSyncStatus([{ endpointType: 'identity', syncStatus: 'unknown' }, { endpointType: 'platform', syncStatus: 'unknown' }])).toBe('unknown');
    expect([
      cloudStatus({ critical: 1, major: 0, minor: 0, warnings: 0 }),
      cloudStatus({ critical: 0, major: 0, minor: 1, warnings: 0 }),
      cloudStatus({ critical: 0, major: 0, minor: 0, warnings: 9 }),
      cloudStatus({ critical: -1, major: -1, minor: -1, warnings: -1 }),
    ]).toEqual(['critical', 'degraded', 'OK', 'disabled']);
  });
});
