import { conflict, notFound, type Clock, type RequestContext, requireDisplayableName } from '@murmuration/core/common';
import type { ProjectRecord } from '@murmuration/core/identity';
import type { IdentityRepos, ProjectChanges, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { TokenInvalidation } from './token-invalidation.js';
import { newKeystoneId } from './token-secret.js';

export interface NewProject {
  readonly name: string;
  readonly description?: string | undefined;
  readonly enabled?: boolean | undefined;
  readonly tags?: readonly string[] | undefined;
}

/** Projects that scope tokens and role assignments. */
export interface ProjectDirectory {
  list(filter: { name?: string | undefined; enabled?: boolean | undefined }): Promise<ProjectRecord[]>;
  get(id: string): Promise<ProjectRecord>;
  create(ctx: RequestContext, input: NewProject): Promise<ProjectRecord>;
  update(ctx: RequestContext, id: string, changes: ProjectChanges): Promise<ProjectRecord>;
  delete(ctx: RequestContext, id: string): Promise<void>;
}

export function createProjectDirectory(deps: {
  store: Store<IdentityRepos>;
  audit: AuditService;
  clock: Clock;
  invalidation: TokenInvalidation;
}): ProjectDirectory {
  const { store, audit, clock, invalidation } = deps;

  async function get(id: string): Promise<ProjectRecord> {
    const project = await store.repos.projects.findById(id);
    if (!project) throw notFound(`Could not find project: ${id}.`, { project: id });
    return project;
  }

  async function nameIsFree(name: string, exceptId: string | null): Promise<void> {
    requireDisplayableName(name);
    const other = await store.repos.projects.findByName(name);
    if (other && other.id !== exceptId) {
      throw conflict(`Conflict occurred attempting to store project - Duplicate entry found with name ${name} at domain ID default.`, { field: 'name' });
    }
  }

  function notOwnScope(ctx: RequestContext, id: string, action: string): void {
    if (ctx.actor?.projectId === id) throw conflict(`You cannot ${action} the project your token is scoped to.`);
  }

  return {
    list: (filter) => store.repos.projects.list(filter),
    get,
    async create(ctx, input) {
      await nameIsFree(input.name, null);
      const project: ProjectRecord = {
        id: newKeystoneId(),
        name: input.name,
        description: input.description ?? '',
        enabled: input.enabled ?? true,
        tags: [...(input.tags ?? [])],
        createdAt: clock.now(),
      };
      await audit.change(ctx, { target: `project:${project.id}`, detail: `project ${project.name} created` }, (repos) => repos.projects.insert(project));
      return project;
    },
    async update(ctx, id, changes) {
      const project = await get(id);
      if (changes.enabled === false) notOwnScope(ctx, id, 'disable');
      if (changes.name !== undefined) await nameIsFree(changes.name, id);
      const updated = await audit.change(ctx, { target: `project:${id}`, detail: `project ${project.name} updated` }, async (repos) => {
        const row = await repos.projects.update(id, changes);
        if (!row) throw notFound(`Could not find project: ${id}.`);
        // Cached callers carry the project's name (audit entries record it) and whether it is usable.
        const renamed = changes.name !== undefined && changes.name !== project.name;
        if (changes.enabled === false || renamed) await invalidation.all(repos);
        return row;
      });
      return updated;
    },
    async delete(ctx, id) {
      const project = await get(id);
      notOwnScope(ctx, id, 'delete');
      await audit.change(ctx, { target: `project:${id}`, detail: `project ${project.name} deleted` }, async (repos) => {
        await repos.projects.delete(id);
        await invalidation.all(repos);
      });
    },
  };
}
