import { DcAgentApi, type FetchLike, type PushedSyncBodies } from '@murmuration/client';
import { AppError, isAppError } from '@murmuration/core/common';
import type { PushedEndpointType } from '@murmuration/core/dc';

/** What one push came to: the subcloud's digest once applied, or why it failed (retry later). */
export type SyncPushResult =
  | { readonly ok: true; readonly digest: string }
  | { readonly ok: false; readonly error: AppError };

export interface SubcloudSyncPush {
  /**
   * Pushes the whole desired state of one endpoint type to the subcloud at `target.url` with the
   * token of the system controller's account there. Never throws: an unreachable subcloud, a
   * refusal or an answer that is not the contract's is `{ ok: false, error }`.
   */
  push<E extends PushedEndpointType>(
    target: { readonly url: string },
    token: string,
    endpoint: E,
    input: PushedSyncBodies[E],
  ): Promise<SyncPushResult>;
}

const DIGEST = /^[0-9a-f]{64}$/;

/**
 * The central side of a push (`PUT /dcagent/v1/sync/{endpoint}`), through the subcloud's public
 * API. Idempotent on the subcloud: a push retried after a lost answer changes nothing more.
 */
export function subcloudSyncPush(deps: { fetch: FetchLike }): SubcloudSyncPush {
  return {
    async push(target, token, endpoint, input) {
      try {
        const answer = await new DcAgentApi(target.url, deps.fetch).sync(endpoint, input, { token });
        if (answer?.endpoint_type !== endpoint || typeof answer.digest !== 'string' || !DIGEST.test(answer.digest)) {
          return { ok: false, error: new AppError('UNAVAILABLE', `${target.url} answered the ${endpoint} sync with something that is not a sync answer`) };
        }
        return { ok: true, digest: answer.digest };
      } catch (error) {
        const failure = isAppError(error) ? error : new AppError('UNAVAILABLE', `the ${endpoint} sync of ${target.url} failed: ${String(error)}`);
        return { ok: false, error: failure };
      }
    },
  };
}
