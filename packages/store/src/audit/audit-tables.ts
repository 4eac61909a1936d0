import type { AuditEvent } from '@murmuration/core/audit';

/** The audit service's tables: the hash-chained log and its head. */
export interface AuditTables {
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
}

export interface AuditLogTable {
  seq: number;
  at: number;
  request_id: string;
  event: AuditEvent;
  user_id: string | null;
  user_name: string | null;
  project_id: string | null;
  project_name: string | null;
  source: string;
  method: string;
  path: string;
  target: string | null;
  outcome: number;
  detail: string | null;
  prev_hash: string;
  hash: string;
}

/** One row: the last sequence number handed out and the hash it ended with. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}
