import { AppError, keystoneTime } from '@murmuration/core/common';
import type { AuthRequest, TokenBody } from '@murmuration/core/contract/identity';
import { buildCatalog, DEFAULT_DOMAIN } from '@murmuration/core/identity';
import { randomBytes } from 'node:crypto';
import type { HollowFleet } from './hollow-fleet.js';
import { seededBytes, type HollowSubcloud } from './hollow-subcloud.js';
import { issueHollowToken } from './hollow-tokens.js';

const AUTH_REQUIRED = 'The request you have made requires authentication.';
/** What a hollow subcloud serves that a catalog lists: its identity, its VIM (nfv) and its USM. */
const SERVED_PATHS: ReadonlySet<string> = new Set(['/identity/v3', '/nfv', '/usm/']);

type Ref = { id?: string | undefined; name?: string | undefined } | undefined;
/** Whether a reference names the object of this id and name (an absent part names any). */
const names = (ref: NonNullable<Ref>, id: string, name: string) => (ref.id ?? id) === id && (ref.name ?? name) === name;
const inDefaultDomain = (domain: Ref) => !domain || names(domain, DEFAULT_DOMAIN.id, DEFAULT_DOMAIN.name);

/**
 * `POST /identity/v3/auth/tokens` on a hollow subcloud: the password method for the account made at
 * join, scoped to its project (the account's default project when no scope is asked). Anything
 * else is refused as Keystone refuses a wrong password.
 */
export function hollowLogin(
  fleet: HollowFleet,
  subcloud: HollowSubcloud,
  request: AuthRequest,
  options: { now: number; catalog: boolean },
): { secret: string; body: TokenBody } {
  const identity = request.auth.identity;
  const claim = identity.password?.user;
  if (identity.methods[0] === 'password' && (!claim || (claim.id === undefined && claim.name === undefined))) {
    throw new AppError('INVALID_INPUT', 'auth.identity.password.user needs an id or a name');
  }
  const account = subcloud.account;
  if (identity.methods[0] !== 'password' || !claim || account === null || !inDefaultDomain(claim.domain)) {
    throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
  }
  if (!names(claim, account.user_id, account.username) || claim.password !== account.password) {
    throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
  }
  const scope = request.auth.scope;
  if (scope?.system) throw new AppError('UNAUTHENTICATED', 'System-scoped tokens are not supported; scope the token to a project.');
  const wanted = scope?.project;
  if (wanted && wanted.id === undefined && wanted.name === undefined) {
    throw new AppError('INVALID_INPUT', 'scope.project needs an id or a name');
  }
  if (wanted && (!inDefaultDomain(wanted.domain) || !names(wanted, subcloud.projectId, account.project_name))) {
    throw new AppError('UNAUTHENTICATED', `Could not find an enabled project: ${wanted.name ?? wanted.id}.`);
  }
  const token = issueHollowToken(subcloud, options.now, fleet.tokenTtlMs);
  const url = fleet.urlOf(subcloud.index);
  const domain = { id: DEFAULT_DOMAIN.id, name: DEFAULT_DOMAIN.name };
  const bases = { public: url, internal: url, admin: url };
  const catalog = buildCatalog(bases, subcloud.regionName, (path) => SERVED_PATHS.has(path));
  return {
    secret: token.secret,
    body: {
      token: {
        expires_at: keystoneTime(token.expiresAt),
        issued_at: keystoneTime(options.now),
        audit_ids: [randomBytes(16).toString('base64url').slice(0, 22)],
        methods: ['password'],
        user: { id: account.user_id, name: account.username, domain, password_expires_at: null },
        project: { id: subcloud.projectId, name: account.project_name, domain },
        roles: [{ id: seededBytes(fleet.seed, -1, 'admin-role').toString('hex', 0, 16), name: 'admin' }],
        is_domain: false,
        ...(options.catalog ? { catalog } : {}),
      },
    },
  };
}
