import type { Clock, RequestContext } from '@murmuration/core/common';
import { BUILTIN_ROLES } from '@murmuration/core/identity';
import type { Repos } from '@murmuration/store';
import type { HashCost } from './identity-config.js';
import type { AuditService } from '../audit/index.js';
import { hashPassword } from './password-hasher.js';
import { commandLineSafeSecret, newKeystoneId } from './token-secret.js';

export interface IdentitySeed {
  readonly adminUserId: string;
  /** The generated admin password: shown to the operator once, never stored in clear. */
  readonly adminPassword: string;
}

/**
 * First-start identity: the built-in roles, the `admin` and `services` projects, and an `admin`
 * user with a random password and the admin role on the admin project. Runs inside the
 * caller's first-start transaction.
 */
export async function seedIdentity(
  repos: Repos,
  ctx: RequestContext,
  deps: { audit: AuditService; clock: Clock; hashCost: HashCost },
): Promise<IdentitySeed> {
  const now = deps.clock.now();
  const roleIds = new Map<string, string>();
  for (const name of BUILTIN_ROLES) {
    const id = newKeystoneId();
    roleIds.set(name, id);
    await repos.roles.insert({ id, name, description: null, createdAt: now });
  }
  const adminProject = newKeystoneId();
  await repos.projects.insert({ id: adminProject, name: 'admin', description: 'Bootstrap project for initializing the cloud.', enabled: true, tags: [], createdAt: now });
  await repos.projects.insert({ id: newKeystoneId(), name: 'services', description: 'Project for platform services.', enabled: true, tags: [], createdAt: now });

  const adminPassword = commandLineSafeSecret(18);
  const hash = await hashPassword(adminPassword, deps.hashCost);
  const adminUserId = newKeystoneId();
  await repos.users.insert({
    id: adminUserId,
    name: 'admin',
    enabled: true,
    defaultProjectId: adminProject,
    description: 'Administrator created at first start',
    email: null,
    passwordHash: hash,
    passwordChangedAt: now,
    failedLogins: 0,
    lockedUntil: null,
    createdAt: now,
  });
  await repos.passwordHistory.add(adminUserId, hash, now);
  await repos.assignments.add({ userId: adminUserId, projectId: adminProject, roleId: roleIds.get('admin')! });
  await deps.audit.append(repos, ctx, {
    target: `user:${adminUserId}`,
    detail: 'identity seeded: roles admin, reader, member; projects admin, services; user admin',
  });
  return { adminUserId, adminPassword };
}
