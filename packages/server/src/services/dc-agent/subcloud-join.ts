import { AppError, conflict, isAppError, type Actor, type Clock, type RequestContext } from '@murmuration/core/common';
import type { DcJoinAnswer, DcJoinRequest } from '@murmuration/core/contract/dc-agent';
import { joiningSystemController, serviceAccountName } from '@murmuration/core/dc';
import { DEFAULT_DOMAIN, rolesAllow } from '@murmuration/core/identity';
import type { DcAgentRepos, MembershipRecord, OneTimeTokenRecord, Repos, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { IdentityService } from '../identity/index.js';
import type { SystemService } from '../inventory/index.js';
import { SPENT_TOKEN, type JoinTokens } from './join-tokens.js';

export interface SubcloudJoinDeps {
  readonly store: Store<DcAgentRepos>;
  readonly audit: AuditService;
  readonly identity: IdentityService;
  readonly systems: SystemService;
  readonly tokens: JoinTokens;
  readonly clock: Clock;
}

/** A join as the system controller asks it, and where this controller's identity service answers. */
export type SubcloudJoin = (ctx: RequestContext, request: DcJoinRequest, authUrl: string) => Promise<DcJoinAnswer>;

const sameSystemController = (m: MembershipRecord, region: string, url: string): boolean =>
  m.systemControllerRegion === region && m.systemControllerUrl === url;

function alreadyAdopted(m: MembershipRecord): AppError {
  return conflict(
    `This controller is already subcloud ${m.subcloudName} of the system controller ${m.systemControllerRegion} at ${m.systemControllerUrl}.`,
    { rule: 'already_adopted' },
  );
}

/** Who may join without a token: an admin, by their X-Auth-Token. */
function requireAdmin(actor: Actor | null): void {
  if (actor === null) throw new AppError('UNAUTHENTICATED', 'A join needs a join_token, or an admin X-Auth-Token of this controller.');
  if (!rolesAllow(actor.roles, 'admin')) throw new AppError('FORBIDDEN', 'A join without a join_token needs the admin role.');
}

/**
 * A system controller adopts this controller: the join token (or the admin's token) is
 * checked, a service account made for it (admin on project admin, local: never synced) and the
 * membership recorded, all in one transaction with the token spent, so that a refusal leaves
 * nothing made. The same system controller joining again replaces its account; another one is
 * refused while this controller is adopted.
 */
export function createSubcloudJoin(deps: SubcloudJoinDeps): SubcloudJoin {
  const { store, audit, identity, systems, tokens, clock } = deps;
  return async (ctx, request, authUrl) => {
    const { region, url } = joiningSystemController(request);

    let token: OneTimeTokenRecord | null = null;
    if (request.join_token !== undefined) token = await tokens.check(ctx, request.join_token, null);
    else requireAdmin(ctx.actor);
    const system = (await systems.list())[0];
    if (!system) throw new AppError('UNAVAILABLE', 'the system record is not there yet');
    const held = await store.repos.membership.find();
    if (held && !sameSystemController(held, region, url)) throw alreadyAdopted(held);

    const account = await identity.accounts.prepare({
      name: serviceAccountName(region),
      description: `Account of the system controller ${region} (${url}); local to this controller, never synced`,
    });
    const joinCtx: RequestContext = token === null ? ctx : { ...ctx, actor: tokenActor(token, region) };
    const membership: MembershipRecord = {
      subcloudName: request.name, systemControllerRegion: region, systemControllerUrl: url,
      systemControllerVersion: request.system_controller.software_version, serviceUserId: account.user.id,
      joinedAt: clock.now(),
    };
    let spent = true;

    /** The join itself, in the transaction of its audit entry. */
    async function adopt(repos: Repos): Promise<void> {
      if (token !== null) {
        spent = await repos.joinTokens.use(token.uuid, `${region} ${url}`, clock.now());
        // Two joins raced for one token: the loser's transaction must not commit anything.
        if (!spent) throw new AppError('UNAUTHENTICATED', SPENT_TOKEN, { rule: 'join_token_used' });
      }
      const current = await repos.membership.find();
      if (current && !sameSystemController(current, region, url)) throw alreadyAdopted(current);
      if (current) await identity.accounts.remove(repos, joinCtx, current.serviceUserId);
      if (await repos.users.findByName(account.user.name)) {
        const message = `A user named ${account.user.name} exists and is not this controller's account for ${region}.`;
        throw conflict(message, { rule: 'service_account_exists' });
      }
      await identity.accounts.add(repos, joinCtx, account);
      if (current === null) await repos.membership.insert(membership);
      else if (!(await repos.membership.replace(current.serviceUserId, membership))) {
        throw conflict('Another join of this controller committed first; join again.');
      }
    }

    const note = { target: `dc_membership:${request.name}`, detail: `adopted as ${request.name} by ${region} at ${url}` };
    await audit.change(joinCtx, note, adopt).catch(async (error: unknown) => {
      if (!spent) await tokens.refuseSpent(ctx, token!);
      // Another system controller's join committed first (the membership row's key): say who holds it.
      const raced = isAppError(error) && error.code === 'CONFLICT' && !error.details?.rule;
      const winner = raced ? await store.repos.membership.find() : null;
      throw winner && !sameSystemController(winner, region, url) ? alreadyAdopted(winner) : error;
    });
    ctx.audited = true;
    return {
      region_name: system.regionName, system_uuid: system.uuid, system_name: system.name,
      system_mode: system.systemMode, software_version: system.softwareVersion, auth_url: authUrl,
      account: {
        user_id: account.user.id, username: account.user.name, password: account.password, project_name: 'admin',
        user_domain_name: DEFAULT_DOMAIN.name, project_domain_name: DEFAULT_DOMAIN.name,
      },
    };
  };
}

/** Who acts in the audit log when a system controller joins with a token. */
function tokenActor(token: OneTimeTokenRecord, region: string): Actor {
  return { userId: `dc-join-token:${token.uuid}`, userName: `dcmanager@${region}`, projectId: null, projectName: null, roles: [] };
}
