import { describe, expect, it } from 'vitest';
import { ALARM_CATALOGUE, findAlarmDefinition, isAlarmId } from '../src/fault/alarm-catalogue.js';
import { ALARM_TYPES, PROBABLE_CAUSES, SEVERITIES, reachesThreshold, type AlarmDefinition, type SeverityThreshold } from '../src/fault/alarm-definition.js';

/** Every id the reference's alarm table (starlingx-api.md §4.4) names, pairs and triples spelled out. */
const REFERENCE_IDS = [
  '100.101', '100.103', '100.104', '100.106', '100.107', '100.108', '100.109', '100.110', '100.111', '100.114', '100.118', '100.119',
  '100.120', '100.121', '100.150',
  '200.001', '200.003', '200.004', '200.005', '200.006', '200.007', '200.009', '200.010', '200.011', '200.013', '200.016', '200.022',
  '210.001', '210.002',
  '250.001', '250.003', '250.004',
  '260.001', '260.002',
  '280.001', '280.002', '280.003', '280.004', '280.005',
  '300.001',
  '400.001', '400.002', '400.003', '400.005',
  '500.101', '500.200', '500.210',
  '750.001', '750.002', '750.003', '750.004', '750.005', '750.006',
  '800.001', '800.010', '800.011', '800.104', '800.105',
  '850.002',
  '900.001', '900.002', '900.004', '900.005', '900.006', '900.007', '900.008', '900.009', '900.010', '900.011',
  '900.020', '900.021', '900.022', '900.023', '900.024',
  '900.101', '900.102', '900.103', '900.201', '900.202', '900.203', '900.231', '900.301', '900.302', '900.303',
  '900.401', '900.402', '900.403', '900.501', '900.502', '900.503', '900.601', '900.602', '900.603', '900.701',
];

const THRESHOLDS: readonly SeverityThreshold[] = [...SEVERITIES, 'none'];

function definition(id: string): AlarmDefinition {
  const found = findAlarmDefinition(id);
  if (!found) throw new Error(`${id} is not in the catalogue`);
  return found;
}

describe('alarm catalogue', () => {
  it('has well-formed, unique ids in numeric order', () => {
    const ids = ALARM_CATALOGUE.map((entry) => entry.id);
    for (const id of ids) expect(isAlarmId(id), id).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const numeric = (id: string) => id.split('.').map(Number) as [number, number];
    const sorted = [...ids].sort((a, b) => numeric(a)[0] - numeric(b)[0] || numeric(a)[1] - numeric(b)[1]);
    expect(ids).toEqual(sorted);
  });

  it('keeps trailing zeros: 100.110 and 100.111 are different alarms, 100.11 is not an id', () => {
    const port = definition('100.110');
    const iface = definition('100.111');
    expect(port).not.toBe(iface);
    expect(port.entityPatterns).toEqual(['host=<hostname>.port=<port-name>']);
    expect(iface.entityPatterns).toEqual(['host=<hostname>.interface=<if-name>']);
    expect(port.severities).toEqual(['major']);
    expect(iface.severities).toEqual(['critical', 'major']);
    expect(findAlarmDefinition('100.11')).toBeUndefined();
    expect(isAlarmId('100.11')).toBe(false);
    expect(definition('900.020').id).toBe('900.020');
  });

  it('tells alarm ids from other strings', () => {
    expect(isAlarmId('200.004')).toBe(true);
    expect(isAlarmId(' 200.004')).toBe(false);
    expect(isAlarmId('200.0045')).toBe(false);
    expect(isAlarmId('200-004')).toBe(false);
    expect(isAlarmId('')).toBe(false);
    expect(findAlarmDefinition('999.999')).toBeUndefined();
  });

  it('contains every id of the reference table', () => {
    const missing = REFERENCE_IDS.filter((id) => findAlarmDefinition(id) === undefined);
    expect(missing).toEqual([]);
  });

  it('contains the orchestration logs 900.x11–900.x21 for every strategy', () => {
    for (let x = 1; x <= 6; x++) {
      for (let n = 11; n <= 21; n++) {
        const entry = definition(`900.${x}${n}`);
        expect(entry.kind).toBe('log');
        expect(entry.severities).toEqual(['critical']);
      }
    }
    expect(findAlarmDefinition('900.122')).toBeUndefined();
  });

  it('gives every entry values from the fm vocabularies', () => {
    for (const entry of ALARM_CATALOGUE) {
      expect(ALARM_TYPES, entry.id).toContain(entry.alarmType);
      expect(PROBABLE_CAUSES, entry.id).toContain(entry.probableCause);
      expect(THRESHOLDS, entry.id).toContain(entry.managementAffecting);
      expect(THRESHOLDS, entry.id).toContain(entry.degradeAffecting);
      for (const severity of entry.severities) expect(SEVERITIES, entry.id).toContain(severity);
      expect(new Set(entry.severities).size, entry.id).toBe(entry.severities.length);
      expect(entry.entityPatterns.length, entry.id).toBeGreaterThan(0);
    }
  });

  it('gives every alarm a severity, a description that fits a reason text and a repair action', () => {
    const alarms = ALARM_CATALOGUE.filter((entry) => entry.kind === 'alarm');
    expect(alarms.length).toBeGreaterThan(90);
    for (const alarm of alarms) {
      expect(alarm.severities.length, alarm.id).toBeGreaterThan(0);
      expect(alarm.description.length, alarm.id).toBeGreaterThan(0);
      expect(alarm.description.length, alarm.id).toBeLessThanOrEqual(255);
      expect(alarm.repairAction.length, alarm.id).toBeGreaterThan(0);
    }
  });

  it('keeps logs plain: no repair action, not suppressible, no thresholds', () => {
    for (const entry of ALARM_CATALOGUE.filter((e) => e.kind === 'log')) {
      expect(entry.repairAction, entry.id).toBe('');
      expect(entry.suppressible, entry.id).toBe(false);
      expect(entry.inhibitsBelow, entry.id).toBe(false);
      expect(entry.managementAffecting, entry.id).toBe('none');
      expect(entry.degradeAffecting, entry.id).toBe('none');
      expect(entry.description.length, entry.id).toBeLessThanOrEqual(255);
    }
  });

  describe('facts checked against events.yaml', () => {
    it('200.004: critical only, service-affecting, inhibits nothing, MA warning', () => {
      const entry = definition('200.004');
      expect(entry.kind).toBe('alarm');
      expect(entry.severities).toEqual(['critical']);
      expect(entry.serviceAffecting).toBe(true);
      expect(entry.inhibitsBelow).toBe(false);
      expect(entry.managementAffecting).toBe('warning');
      expect(entry.degradeAffecting).toBe('none');
      expect(entry.probableCause).toBe('application-subsystem-failure');
    });

    it('200.001 (host locked) is the one alarm that inhibits the alarms below it', () => {
      expect(definition('200.001').inhibitsBelow).toBe(true);
      expect(ALARM_CATALOGUE.filter((entry) => entry.inhibitsBelow).map((entry) => entry.id)).toEqual(['200.001']);
    });

    it('100.101: CPU threshold, MA major, DA critical', () => {
      const entry = definition('100.101');
      expect(entry.severities).toEqual(['critical', 'major']);
      expect(entry.managementAffecting).toBe('major');
      expect(entry.degradeAffecting).toBe('critical');
      expect(entry.probableCause).toBe('threshold-crossed');
      expect(entry.suppressible).toBe(true);
    });

    it('280.001 subcloud offline is critical; 280.002 out-of-sync is major', () => {
      expect(definition('280.001').severities).toEqual(['critical']);
      expect(definition('280.001').entityPatterns).toEqual(['subcloud=<subcloud>']);
      expect(definition('280.001').probableCause).toBe('loss-of-signal');
      expect(definition('280.002').severities).toEqual(['major']);
    });

    it('certificates: 500.200 major expiring, 500.210 critical expired', () => {
      expect(definition('500.200').severities).toEqual(['major']);
      expect(definition('500.210').severities).toEqual(['critical']);
      expect(definition('500.210').probableCause).toBe('certificate-expiration');
      expect(definition('500.210').entityPatterns).toHaveLength(4);
    });

    it('250.001 configuration out-of-date is major and MA warning', () => {
      const entry = definition('250.001');
      expect(entry.severities).toEqual(['major']);
      expect(entry.managementAffecting).toBe('warning');
    });

    it('200.022 is a warning log about host state', () => {
      const entry = definition('200.022');
      expect(entry.kind).toBe('log');
      expect(entry.severities).toEqual(['warning']);
      expect(entry.entityPatterns).toContain('host=<hostname>.status=offline');
    });

    it('keeps per-severity entity ids and the many PTP shapes', () => {
      expect(definition('100.114').entityPatterns).toEqual(['host=<hostname>.ntp', 'host=<hostname>.ntp=<IP address>']);
      expect(definition('100.119').severities).toEqual(['major', 'minor', 'warning']);
      expect(definition('100.119').entityPatterns).toHaveLength(16);
    });

    it('is service-affecting when any severity is (200.007 is only at critical)', () => {
      expect(definition('200.007').serviceAffecting).toBe(true);
      expect(definition('200.007').degradeAffecting).toBe('critical');
    });

    it('900.401–900.403 orchestration alarms are present although events.yaml marks them context none', () => {
      expect(definition('900.403').severities).toEqual(['critical']);
      expect(definition('900.403').entityPatterns).toEqual(['orchestration=kube-upgrade']);
    });
  });
});

describe('reachesThreshold', () => {
  it('compares severities against a threshold', () => {
    expect(reachesThreshold('major', 'warning')).toBe(true);
    expect(reachesThreshold('major', 'major')).toBe(true);
    expect(reachesThreshold('critical', 'major')).toBe(true);
    expect(reachesThreshold('minor', 'major')).toBe(false);
    expect(reachesThreshold('warning', 'minor')).toBe(false);
  });

  it('never reaches none', () => {
    for (const severity of SEVERITIES) expect(reachesThreshold(severity, 'none')).toBe(false);
  });
});
