/** A subcloud's alarm counts as the central alarm summary shows them. */

export const CLOUD_STATUSES = ['OK', 'degraded', 'critical', 'disabled'] as const;
export type CloudStatus = (typeof CLOUD_STATUSES)[number];

export interface AlarmCounts {
  readonly critical: number;
  readonly major: number;
  readonly minor: number;
  readonly warnings: number;
}

/** The counts of a subcloud that is unmanaged or offline: -1 each, `disabled`. */
export const DISABLED_ALARM_COUNTS: AlarmCounts = { critical: -1, major: -1, minor: -1, warnings: -1 };

/** critical > 0 → critical; major or minor > 0 → degraded; otherwise OK (warnings do not count). */
export function cloudStatus(counts: AlarmCounts): CloudStatus {
  if (counts.critical < 0) return 'disabled';
  if (counts.critical > 0) return 'critical';
  if (counts.major > 0 || counts.minor > 0) return 'degraded';
  return 'OK';
}
