import type { PrestageStatus } from './subcloud-states.js';

/** Who asked for a prestage: the subcloud action, a prestage strategy, or a sw-deploy strategy's pre-check. */
export const PRESTAGE_ORIGINS = ['subcloud', 'prestage-strategy', 'sw-deploy'] as const;
export type PrestageOrigin = (typeof PRESTAGE_ORIGINS)[number];

/**
 * One subcloud's prestage as the system controller keeps it (one row per subcloud, the latest): the release it
 * brings there, how far it got, and the lease of the replica working it. Its `state` is the subcloud's
 * `prestage-status`.
 */
export interface SubcloudPrestageRecord {
  readonly subcloudId: number;
  readonly releaseId: string;
  readonly forSwDeploy: boolean;
  readonly origin: PrestageOrigin;
  readonly state: PrestageStatus;
  readonly bytesTotal: number;
  /** Bytes the subcloud has acknowledged (kept durably). */
  readonly bytesSent: number;
  /** Offers made: one per attempt. */
  readonly attempts: number;
  /** Where the latest attempt began, in bytes (0: from the start). */
  readonly resumedFrom: number;
  /** The latest sending rate, bytes per second. */
  readonly rateBps: number;
  readonly error: string | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly updatedAt: number;
}

/** What a prestage under way reports as it goes. */
export type PrestageProgress = Pick<SubcloudPrestageRecord, 'bytesTotal' | 'bytesSent' | 'attempts' | 'resumedFrom' | 'rateBps'>;

/** Percent of the bundle the subcloud holds, whole, 100 only once all of it is there. */
export function prestagePercent(p: Pick<SubcloudPrestageRecord, 'bytesSent' | 'bytesTotal'>): number {
  if (p.bytesTotal <= 0) return 0;
  if (p.bytesSent >= p.bytesTotal) return 100;
  return Math.min(99, Math.floor((p.bytesSent * 100) / p.bytesTotal));
}

/** `prestage-versions` with one more release: a comma list, each once, in the order they came. */
export function withPrestageVersion(versions: string | null, releaseId: string): string {
  const held = (versions ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
  return held.includes(releaseId) ? held.join(',') : [...held, releaseId].join(',');
}
