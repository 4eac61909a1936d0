import { AuditApi } from './audit-api.js';
import { IdentityApi } from './identity-api.js';
import { Session, type Credentials, type SessionOptions } from './session.js';
import { SysinvApi } from './sysinv-api.js';

/** A typed client for one controller, over one authenticated session. */
export interface Client {
  readonly session: Session;
  readonly identity: IdentityApi;
  readonly sysinv: SysinvApi;
  readonly audit: AuditApi;
}

export function createClient(credentials: Credentials, options: SessionOptions = {}): Client {
  const session = new Session(credentials, options);
  return { session, identity: new IdentityApi(session), sysinv: new SysinvApi(session), audit: new AuditApi(session) };
}
