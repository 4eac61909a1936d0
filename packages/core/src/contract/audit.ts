import Type, { type Static } from 'typebox';
import { AUDIT_EVENTS, type AuditEvent } from '../audit/audit-entry.js';

export const AuditEntryObject = Type.Object({
  seq: Type.Integer(),
  time: Type.String(),
  request_id: Type.String(),
  event: Type.String(),
  user_id: Type.Union([Type.String(), Type.Null()]),
  user_name: Type.Union([Type.String(), Type.Null()]),
  project_id: Type.Union([Type.String(), Type.Null()]),
  project_name: Type.Union([Type.String(), Type.Null()]),
  source: Type.String(),
  method: Type.String(),
  path: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  outcome: Type.Integer(),
  detail: Type.Union([Type.String(), Type.Null()]),
  prev_hash: Type.String(),
  hash: Type.String(),
});
export type AuditEntryObject = Static<typeof AuditEntryObject>;

export const AuditListQuery = Type.Object(
  {
    user: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'User name or id' })),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'ISO-8601 time, inclusive' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'ISO-8601 time, exclusive' })),
    outcome: Type.Optional(
      Type.String({ pattern: '^(success|failure|[1-5][0-9][0-9]|[1-5]xx)$', description: 'success, failure, a status code or a class like 4xx' }),
    ),
    event: Type.Optional(Type.Unsafe<AuditEvent>({ type: 'string', enum: [...AUDIT_EVENTS], description: 'Kind of entry' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
    marker: Type.Optional(Type.Integer({ minimum: 0, description: 'Return entries older than this sequence number' })),
  },
  { additionalProperties: false },
);
export type AuditListQuery = Static<typeof AuditListQuery>;

export const AuditList = Type.Object({
  entries: Type.Array(AuditEntryObject),
  next_marker: Type.Union([Type.Integer(), Type.Null()]),
});
export type AuditList = Static<typeof AuditList>;

export const AuditVerifyResult = Type.Object({
  intact: Type.Boolean(),
  checked: Type.Integer(),
  head_seq: Type.Integer(),
  first_bad_seq: Type.Union([Type.Integer(), Type.Null()]),
  problem: Type.Union([Type.String(), Type.Null()]),
  /** Every entry that does not fit, in order (the first hundred). */
  problems: Type.Array(Type.Object({ seq: Type.Integer(), problem: Type.String() })),
  problem_count: Type.Integer(),
});
export type AuditVerifyResult = Static<typeof AuditVerifyResult>;
