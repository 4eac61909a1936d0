import { DISABLED_ALARM_COUNTS } from '@murmuration/core/dc';
import type { NewSubcloud } from '@murmuration/store';

/** A subcloud row as an add leaves it (unmanaged, offline, nothing synced), numbered `i`, for the fleet store tests. */
export function subcloudRow(i: number, overrides: Partial<NewSubcloud> = {}): NewSubcloud {
  return {
    name: `sc${i}`, description: null, location: null, latitude: null, longitude: null, groupId: 1,
    url: `http://127.1.0.${i}:6385`, regionName: `region${i}`, systemUuid: `uuid-${i}`, softwareVersion: '26.03',
    managementState: 'unmanaged', availabilityStatus: 'offline', deployStatus: 'complete', errorDescription: 'No errors present',
    endpointSync: { identity: 'unknown', platform: 'unknown', software: 'unknown' }, alarms: DISABLED_ALARM_COUNTS,
    alarmSummaryUuid: `alarm-${i}`, prestageStatus: null, prestageVersions: null, credential: `sealed-${i}`,
    ...overrides,
  };
}
