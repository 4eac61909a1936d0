import type { PrestageOrigin, PrestageStatus } from '@murmuration/core/dc';

/**
 * Prestaging on the system controller: one row per subcloud, its latest prestage (the release sent there, how far
 * it got), worked by one replica at a time under a lease, as the audit's claims are.
 */
export interface PrestageTables {
  subcloud_prestages: SubcloudPrestageTable;
}

export interface SubcloudPrestageTable {
  subcloud_id: number;
  release_id: string;
  for_sw_deploy: number;
  origin: PrestageOrigin;
  state: PrestageStatus;
  bytes_total: number;
  bytes_sent: number;
  attempts: number;
  resumed_from: number;
  rate_bps: number;
  error: string | null;
  started_at: number;
  finished_at: number | null;
  updated_at: number;
  lease_owner: string | null;
  lease_until: number | null;
}

declare module '../schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the tables
  interface Database extends PrestageTables {}
}
