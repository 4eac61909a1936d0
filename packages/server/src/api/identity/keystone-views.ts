import { keystoneTime } from '@murmuration/core/common';
import type {
  ProjectObject, RoleAssignmentObject, RoleObject, TokenBody, UserObject,
} from '@murmuration/core/contract/identity';
import {
  DEFAULT_DOMAIN, type CatalogEntry, type ProjectRecord, type RoleAssignment, type RoleRecord, type UserRecord,
} from '@murmuration/core/identity';
import type { TokenView } from '../../services/identity/index.js';

/** Wire shapes of Keystone v3 objects, built from records. `base` is `<host>/identity/v3`. */
export function userView(user: UserRecord, base: string): UserObject {
  return {
    id: user.id,
    name: user.name,
    domain_id: DEFAULT_DOMAIN.id,
    enabled: user.enabled,
    ...(user.defaultProjectId !== null ? { default_project_id: user.defaultProjectId } : {}),
    ...(user.description !== null ? { description: user.description } : {}),
    ...(user.email !== null ? { email: user.email } : {}),
    password_expires_at: null,
    options: {},
    links: { self: `${base}/users/${user.id}` },
  };
}

export function projectView(project: ProjectRecord, base: string): ProjectObject {
  return {
    id: project.id,
    name: project.name,
    domain_id: DEFAULT_DOMAIN.id,
    description: project.description,
    enabled: project.enabled,
    parent_id: DEFAULT_DOMAIN.id,
    is_domain: false,
    tags: [...project.tags],
    options: {},
    links: { self: `${base}/projects/${project.id}` },
  };
}

export function roleView(role: RoleRecord, base: string): RoleObject {
  return { id: role.id, name: role.name, domain_id: null, description: role.description, options: {}, links: { self: `${base}/roles/${role.id}` } };
}

/** With `names`, each part carries its name and, for users and projects, their domain (as Keystone's include_names). */
export function assignmentView(
  a: RoleAssignment,
  base: string,
  names?: { user: string; project: string; role: string },
): RoleAssignmentObject {
  const domain = { id: DEFAULT_DOMAIN.id, name: DEFAULT_DOMAIN.name };
  return {
    role: { id: a.roleId, ...(names ? { name: names.role } : {}) },
    user: { id: a.userId, ...(names ? { name: names.user, domain } : {}) },
    scope: { project: { id: a.projectId, ...(names ? { name: names.project, domain } : {}) } },
    links: { assignment: `${base}/projects/${a.projectId}/users/${a.userId}/roles/${a.roleId}` },
  };
}

export const listLinks = (self: string) => ({ self, previous: null, next: null });

/** The token body the StarlingX clients read: expiry, user, project, roles and the catalog. */
export function tokenBody(view: TokenView, catalog: readonly CatalogEntry[] | null): TokenBody {
  const domain = { id: DEFAULT_DOMAIN.id, name: DEFAULT_DOMAIN.name };
  const scoped = view.project !== null;
  return {
    token: {
      expires_at: keystoneTime(view.record.expiresAt),
      issued_at: keystoneTime(view.record.issuedAt),
      audit_ids: [view.record.auditId],
      methods: [...view.record.methods],
      user: { id: view.user.id, name: view.user.name, domain, password_expires_at: null },
      ...(scoped
        ? {
            project: { id: view.project.id, name: view.project.name, domain },
            roles: view.roles.map((r) => ({ id: r.id, name: r.name })),
            is_domain: false,
            ...(catalog ? { catalog: catalog as CatalogEntry[] } : {}),
          }
        : {}),
    },
  };
}
