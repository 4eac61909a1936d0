import type { Clock, RequestContext } from '@murmuration/core/common';
import type { SuppressionRecord, SuppressionStatus } from '@murmuration/core/fault';
import type { Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import { faultNotFound } from './fault-not-found.js';
import type { MuteSources } from './mute-sources.js';

/** fm's event suppression: one entry per alarm id, masking or unmasking every alarm of that id. */
export interface SuppressionList {
  list(): Promise<SuppressionRecord[]>;
  set(ctx: RequestContext, uuid: string, status: SuppressionStatus): Promise<SuppressionRecord>;
  /** Event ids whose alarms are masked. */
  suppressedIds(): Promise<ReadonlySet<string>>;
}

export function createSuppressionList(deps: {
  store: Store;
  audit: AuditService;
  clock: Clock;
  mute: MuteSources;
}): SuppressionList {
  const { store, audit, clock, mute } = deps;
  return {
    list: () => store.repos.suppressions.list(),
    async set(ctx, uuid, status) {
      const updated = await audit.change(ctx, { target: `event_suppression/${uuid}`, detail: status }, async (repos) => {
        const record = await repos.suppressions.setStatus(uuid, status, clock.now());
        if (!record) throw faultNotFound('Event suppression', uuid);
        await mute.changed(repos);
        return record;
      });
      return updated;
    },
    suppressedIds: () => mute.suppressedIds(),
  };
}
