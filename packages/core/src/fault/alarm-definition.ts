/**
 * The vocabulary of fault management: severities, alarm types and probable causes as the fm
 * API carries them, and the shape of one catalogue entry.
 */

/** Severities an alarm can be raised with, most severe first. */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `clear` is only an event-log severity: the record of an alarm going away. */
export type EventSeverity = Severity | 'clear' | 'not-applicable';

/** How far a severity reaches: higher is more severe. `none` reaches nothing. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

/** A catalogue threshold: the lowest severity that has an effect, or none. */
export type SeverityThreshold = Severity | 'none';

/** Does `severity` reach `threshold`? `none` is never reached. */
export function reachesThreshold(severity: Severity, threshold: SeverityThreshold): boolean {
  return threshold !== 'none' && severityRank(severity) >= severityRank(threshold);
}

export const ALARM_TYPES = [
  'other',
  'communication',
  'qos',
  'processing-error',
  'equipment',
  'environmental',
  'integrity-violation',
  'operational-violation',
  'physical-violation',
  'security-service-or-mechanism-violation',
  'time-domain-violation',
] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

/** fm's probable causes, in the order of `ALARM_PROBABLE_CAUSE` in fm_api/constants.py (mostly ITU X.733 names). */
export const PROBABLE_CAUSES = [
  'adaptor-error',
  'application-subsystem-failure',
  'bandwidth-reduced',
  'call-establishment-error',
  'communication-protocol-error',
  'communication-subsystem-failure',
  'configuration-or-customization-error',
  'congestion',
  'corrupt-data',
  'cpu-cycles-limit-exceeded',
  'dataset-or-modem-error',
  'degraded-signal',
  'dte-dce-interface-error',
  'enclosure-door-open',
  'equipment-malfunction',
  'excessive-vibration',
  'file-error',
  'fire-detected',
  'flood-detected',
  'framing-error',
  'heating-ventilation-cooling-system-problem',
  'humidity-unacceptable',
  'io-device-error',
  'input-device-error',
  'lan-error',
  'leak-detected',
  'local-node-transmission-error',
  'loss-of-frame',
  'loss-of-signal',
  'material-supply-exhausted',
  'multiplexer-problem',
  'out-of-memory',
  'output-device-error',
  'performance-degraded',
  'power-problem',
  'processor-problem',
  'pump-failure',
  'queue-size-exceeded',
  'receive-failure',
  'receiver-failure',
  'remote-node-transmission-error',
  'resource-at-or-nearing-capacity',
  'response-time-excessive',
  'retransmission-rate-excessive',
  'software-error',
  'software-program-abnormally-terminated',
  'software-program-error',
  'storage-capacity-problem',
  'temperature-unacceptable',
  'threshold-crossed',
  'timing-problem',
  'toxic-leak-detected',
  'transmit-failure',
  'transmitter-failure',
  'underlying-resource-unavailable',
  'version-mismatch',
  'duplicate-information',
  'information-missing',
  'information-modification-detected',
  'information-out-of-sequence',
  'unexpected-information',
  'denial-of-service',
  'out-of-service',
  'procedural-error',
  'unspecified-reason',
  'cable-tamper',
  'intrusion-detection',
  'authentication-failure',
  'breach-of-confidentiality',
  'non-repudiation-failure',
  'unauthorized-access-attempt',
  'delayed-information',
  'key-expired',
  'out-of-hours-activity',
  'configuration-out-of-date',
  'configuration-provisioning-required',
  'certificate-expiration',
  'unknown',
] as const;
export type ProbableCause = (typeof PROBABLE_CAUSES)[number];

/** An alarm is set and cleared; a log is a one-off record in the event log. */
export type EventKind = 'alarm' | 'log';

/**
 * One entry of the alarm catalogue. Ids are strings of the form `NNN.NNN`, never numbers:
 * `100.110` and `100.11` are different alarms.
 */
export interface AlarmDefinition {
  readonly id: string;
  readonly kind: EventKind;
  /** Severities this id may be raised with. */
  readonly severities: readonly Severity[];
  /** Entity instance id shapes, e.g. `host=<hostname>.process=<processname>`. */
  readonly entityPatterns: readonly string[];
  /** What it means, for operators. */
  readonly description: string;
  readonly alarmType: AlarmType;
  readonly probableCause: ProbableCause;
  /** What the operator should do. Empty for logs. */
  readonly repairAction: string;
  readonly serviceAffecting: boolean;
  /** May operators mask this id (event suppression)? */
  readonly suppressible: boolean;
  /** While set, hides the alarms on entities below its own (hierarchical inhibition). */
  readonly inhibitsBelow: boolean;
  /** Lowest severity that blocks orchestration and forced upgrades. */
  readonly managementAffecting: SeverityThreshold;
  /** Lowest severity that marks a host degraded. */
  readonly degradeAffecting: SeverityThreshold;
}
