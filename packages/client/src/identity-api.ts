import type { Static } from 'typebox';
import type {
  ProjectObject, RoleAssignmentList, RoleObject, UserObject, ProjectCreateBody, ProjectUpdateBody, RoleCreateBody,
  UserCreateBody, UserUpdateBody,
} from '@murmuration/core/contract/identity';
import type { ServiceType } from '@murmuration/core/identity';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'identity';
const q = (params: Record<string, string | boolean | undefined>) => {
  const entries = Object.entries(params).filter((e): e is [string, string | boolean] => e[1] !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`;
};
const id = encodeURIComponent;

/** Keystone users, projects, roles and assignments. */
export class IdentityApi {
  constructor(private readonly session: Session) {}

  async listUsers(filter: { name?: string } = {}): Promise<UserObject[]> {
    return (await this.session.json<{ users: UserObject[] }>(SERVICE, { method: 'GET', path: `/users${q(filter)}` })).users;
  }
  async getUser(userId: string): Promise<UserObject> {
    return (await this.session.json<{ user: UserObject }>(SERVICE, { method: 'GET', path: `/users/${id(userId)}` })).user;
  }
  async createUser(user: Static<typeof UserCreateBody>['user']): Promise<UserObject> {
    return (await this.session.json<{ user: UserObject }>(SERVICE, { method: 'POST', path: '/users', body: { user } })).user;
  }
  async updateUser(userId: string, user: Static<typeof UserUpdateBody>['user']): Promise<UserObject> {
    return (await this.session.json<{ user: UserObject }>(SERVICE, { method: 'PATCH', path: `/users/${id(userId)}`, body: { user } })).user;
  }
  async deleteUser(userId: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/users/${id(userId)}` });
  }
  async changeOwnPassword(userId: string, originalPassword: string, password: string): Promise<void> {
    await this.session.request(SERVICE, {
      method: 'POST',
      path: `/users/${id(userId)}/password`,
      body: { user: { original_password: originalPassword, password } },
    });
  }

  async listProjects(filter: { name?: string } = {}): Promise<ProjectObject[]> {
    return (await this.session.json<{ projects: ProjectObject[] }>(SERVICE, { method: 'GET', path: `/projects${q(filter)}` })).projects;
  }
  async getProject(projectId: string): Promise<ProjectObject> {
    return (await this.session.json<{ project: ProjectObject }>(SERVICE, { method: 'GET', path: `/projects/${id(projectId)}` })).project;
  }
  async createProject(project: Static<typeof ProjectCreateBody>['project']): Promise<ProjectObject> {
    return (await this.session.json<{ project: ProjectObject }>(SERVICE, { method: 'POST', path: '/projects', body: { project } })).project;
  }
  async updateProject(projectId: string, project: Static<typeof ProjectUpdateBody>['project']): Promise<ProjectObject> {
    return (await this.session.json<{ project: ProjectObject }>(SERVICE, { method: 'PATCH', path: `/projects/${id(projectId)}`, body: { project } })).project;
  }
  async deleteProject(projectId: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/projects/${id(projectId)}` });
  }

  async listRoles(filter: { name?: string } = {}): Promise<RoleObject[]> {
    return (await this.session.json<{ roles: RoleObject[] }>(SERVICE, { method: 'GET', path: `/roles${q(filter)}` })).roles;
  }
  async getRole(roleId: string): Promise<RoleObject> {
    return (await this.session.json<{ role: RoleObject }>(SERVICE, { method: 'GET', path: `/roles/${id(roleId)}` })).role;
  }
  async createRole(role: Static<typeof RoleCreateBody>['role']): Promise<RoleObject> {
    return (await this.session.json<{ role: RoleObject }>(SERVICE, { method: 'POST', path: '/roles', body: { role } })).role;
  }
  async deleteRole(roleId: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/roles/${id(roleId)}` });
  }
  async grantRole(projectId: string, userId: string, roleId: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'PUT', path: `/projects/${id(projectId)}/users/${id(userId)}/roles/${id(roleId)}` });
  }
  async revokeRole(projectId: string, userId: string, roleId: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/projects/${id(projectId)}/users/${id(userId)}/roles/${id(roleId)}` });
  }
  async listAssignments(filter: { userId?: string; projectId?: string; roleId?: string } = {}): Promise<Static<typeof RoleAssignmentList>['role_assignments']> {
    const query = q({ 'user.id': filter.userId, 'scope.project.id': filter.projectId, 'role.id': filter.roleId, include_names: true });
    return (await this.session.json<Static<typeof RoleAssignmentList>>(SERVICE, { method: 'GET', path: `/role_assignments${query}` })).role_assignments;
  }
}
