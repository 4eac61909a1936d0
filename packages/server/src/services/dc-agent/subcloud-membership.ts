import { conflict, notFound, type RequestContext } from '@murmuration/core/common';
import type { DcAgentRepos, MembershipRecord, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { IdentityService } from '../identity/index.js';

/** This controller's membership in a Distributed Cloud, as its own admins and its system controller see it. */
export interface SubcloudMembership {
  /** The system controller that adopted this controller; NOT_FOUND when none did. */
  show(): Promise<MembershipRecord>;
  /**
   * Leaves the system controller: its account here deleted (its tokens revoked) and the membership forgotten, in
   * one transaction, so that another system controller may join. What it synced stays, as local resources.
   */
  leave(ctx: RequestContext): Promise<MembershipRecord>;
}

const notAdopted = (): never => {
  throw notFound('This controller is not a subcloud: no system controller adopted it.', { rule: 'not_adopted' });
};

export function createSubcloudMembership(deps: {
  readonly store: Store<DcAgentRepos>;
  readonly audit: AuditService;
  readonly identity: IdentityService;
}): SubcloudMembership {
  const { store, audit, identity } = deps;
  return {
    async show() {
      return (await store.repos.membership.find()) ?? notAdopted();
    },

    async leave(ctx) {
      const held = (await store.repos.membership.find()) ?? notAdopted();
      const note = {
        target: `dc_membership:${held.subcloudName}`,
        detail: `left the system controller ${held.systemControllerRegion} at ${held.systemControllerUrl}`,
      };
      await audit.change(ctx, note, async (repos) => {
        if (!(await repos.membership.remove(held.serviceUserId))) {
          throw conflict('The membership changed meanwhile (a join committed first); look at it again.');
        }
        await identity.accounts.remove(repos, ctx, held.serviceUserId);
      });
      return held;
    },
  };
}
