import type { AuditList, AuditListQuery, AuditVerifyResult } from '@murmuration/core/contract/audit';
import type { ServiceType } from '@murmuration/core/identity';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'audit';

/** The security audit log. */
export class AuditApi {
  constructor(private readonly session: Session) {}

  async list(query: AuditListQuery = {}): Promise<AuditList> {
    const params = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    ).toString();
    return this.session.json<AuditList>(SERVICE, { method: 'GET', path: `/entries${params ? `?${params}` : ''}` });
  }

  async verify(): Promise<AuditVerifyResult> {
    return this.session.json<AuditVerifyResult>(SERVICE, { method: 'GET', path: '/verify' });
  }
}
