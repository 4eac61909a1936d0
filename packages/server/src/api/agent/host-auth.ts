import { AppError, type RequestContext } from '@murmuration/core/common';
import type { HostRecord } from '@murmuration/core/inventory';
import type { IncomingHttpHeaders } from 'node:http';
import type { EnrollmentService } from '../../services/agents/index.js';
import type { AuditService } from '../../services/audit/index.js';

export const HOST_CREDENTIAL_HEADER = 'x-host-credential';

/**
 * The host an agent's request speaks for: its credential must be valid and belong to the host
 * the URL names. A host can only report for itself; every refusal is audited.
 */
export async function authenticateHost(
  deps: { enrollment: EnrollmentService; audit: AuditService },
  ctx: RequestContext,
  headers: IncomingHttpHeaders,
  hostUuid: string,
): Promise<{ host: HostRecord; ctx: RequestContext }> {
  const given = headers[HOST_CREDENTIAL_HEADER];
  const refuse = async (code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string): Promise<never> => {
    await deps.audit.record(ctx, { target: `ihost:${hostUuid}`, event: 'auth.failure', outcome: code === 'FORBIDDEN' ? 403 : 401, detail: message });
    ctx.audited = true;
    throw new AppError(code, message);
  };
  if (typeof given !== 'string' || given === '') return refuse('UNAUTHENTICATED', `This request needs the host's credential in ${HOST_CREDENTIAL_HEADER}.`);
  let host: HostRecord;
  try {
    host = await deps.enrollment.authenticate(given);
  } catch (error) {
    if (error instanceof AppError && error.code === 'UNAUTHENTICATED') return refuse('UNAUTHENTICATED', error.message);
    throw error;
  }
  if (host.uuid !== hostUuid) return refuse('FORBIDDEN', `The credential of ${host.hostname} cannot speak for host ${hostUuid}: a host reports only for itself.`);
  return { host, ctx: { ...ctx, actor: { userId: `host:${host.uuid}`, userName: `agent@${host.hostname}`, projectId: null, projectName: null, roles: [] } } };
}
