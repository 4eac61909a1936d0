import { DcAgentApi, unreachableReason, type FetchLike } from '@murmuration/client';
import { isAppError } from '@murmuration/core/common';
import type { SubcloudRecord } from '@murmuration/core/dc';
import type { SubcloudAuditCaller } from './subcloud-audit-call.js';

/**
 * Tells a subcloud being deleted to leave this system controller (`DELETE /dcagent/v1/membership` with the account
 * held there), so that another system controller may add it; answers what came of it, for the audit log. Never
 * throws: a subcloud that cannot be reached is deleted all the same, and its own admin ends the membership there.
 */
export type SubcloudRelease = (subcloud: SubcloudRecord, sealedCredential: string | null) => Promise<string>;

export function subcloudRelease(deps: {
  readonly caller: SubcloudAuditCaller;
  readonly fetch: FetchLike;
}): SubcloudRelease {
  return async (subcloud, credential) => {
    if (credential === null) return 'no account of it was held';
    try {
      const token = await deps.caller.token({ subcloudId: subcloud.id, url: subcloud.url, credential });
      await new DcAgentApi(subcloud.url, deps.fetch).leave(token);
      return 'the subcloud left this system controller';
    } catch (error) {
      if (isAppError(error) && error.code === 'NOT_FOUND') return 'the subcloud was no longer adopted';
      const why = isAppError(error) ? error.message : unreachableReason(error);
      return `the subcloud was not told (${why.slice(0, 300)}): `
        + 'run "murmur dcmanager membership leave" there before another system controller adds it';
    } finally {
      deps.caller.forget(subcloud.id);
    }
  };
}
