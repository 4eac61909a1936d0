import { invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import {
  DEFAULT_GROUP, MAX_PARALLEL_SUBCLOUDS, UPDATE_APPLY_TYPES, groupNameProblem, refIsId, type SubcloudGroupRecord,
  type UpdateApplyType,
} from '@murmuration/core/dc';
import type { Repos, Store, SubcloudGroupChanges } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';

/** A group with how many subclouds it holds. */
export interface CountedGroup {
  readonly group: SubcloudGroupRecord;
  readonly subcloudCount: number;
}

/** Subcloud groups (`subcloud-group add|list|show|update|delete`): how their subclouds are updated together. */
export interface SubcloudGroupDirectory {
  listGroups(): Promise<CountedGroup[]>;
  /** `{ref}`: all digits is an id, anything else a name. */
  getGroup(ref: string): Promise<SubcloudGroupRecord>;
  addGroup(ctx: RequestContext, body: Readonly<Record<string, unknown>>): Promise<SubcloudGroupRecord>;
  updateGroup(ctx: RequestContext, ref: string, body: Readonly<Record<string, unknown>>): Promise<SubcloudGroupRecord>;
  /** Refused for the Default group and for a group that still holds subclouds. */
  deleteGroup(ctx: RequestContext, ref: string): Promise<void>;
}

const FIELDS: ReadonlySet<string> = new Set(['name', 'description', 'update_apply_type', 'max_parallel_subclouds']);
const DEFAULT_DESCRIPTION = 'No description provided';

/** A group by dcmanager's reference rule (all digits: an id; anything else: a name). */
export function groupByRef(repos: Repos, ref: string): Promise<SubcloudGroupRecord | null> {
  return refIsId(ref) ? repos.subcloudGroups.findById(Number(ref)) : repos.subcloudGroups.findByName(ref);
}

async function findGroup(repos: Repos, ref: string): Promise<SubcloudGroupRecord> {
  const group = await groupByRef(repos, ref);
  if (!group) throw notFound('Subcloud Group not found', { group: ref });
  return group;
}

function checkName(value: unknown): string {
  const problem = typeof value === 'string' ? groupNameProblem(value) : 'a group name is a string';
  if (problem !== null) throw invalid(`Invalid group name: ${problem}`, { field: 'name' });
  return value as string;
}

function checkDescription(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length >= 255) {
    throw invalid('Invalid group description: 1 to 254 characters', { field: 'description' });
  }
  return value;
}

function checkApplyType(value: unknown): UpdateApplyType {
  if (!(UPDATE_APPLY_TYPES as readonly unknown[]).includes(value)) {
    throw invalid(`Invalid group update_apply_type: one of ${UPDATE_APPLY_TYPES.join(', ')}`, { field: 'update_apply_type' });
  }
  return value as UpdateApplyType;
}

/** An integer, or its text as the StarlingX client sends a value the user typed. */
function checkMaxParallel(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PARALLEL_SUBCLOUDS) {
    throw invalid(`Invalid group max_parallel_subclouds: an integer from 1 to ${MAX_PARALLEL_SUBCLOUDS}`, { field: 'max_parallel_subclouds' });
  }
  return n;
}

function checkFields(body: Readonly<Record<string, unknown>>): void {
  const unknown = Object.keys(body).find((key) => !FIELDS.has(key));
  if (unknown !== undefined) throw invalid(`Unexpected parameter received: ${unknown}`, { field: unknown });
}

async function checkFreeName(repos: Repos, name: string): Promise<void> {
  if (await repos.subcloudGroups.findByName(name)) {
    throw invalid('A subcloud group with this name already exists', { rule: 'group_name_taken' });
  }
}

export function createSubcloudGroupDirectory(deps: {
  store: Store;
  audit: AuditService;
  clock: Clock;
}): SubcloudGroupDirectory {
  const { store, audit, clock } = deps;
  return {
    async listGroups() {
      const groups = await store.repos.subcloudGroups.list();
      const counts = await store.repos.subclouds.countByGroup();
      return groups.map((group) => ({ group, subcloudCount: counts.get(group.id) ?? 0 }));
    },

    getGroup: (ref) => findGroup(store.repos, ref),

    async addGroup(ctx, body) {
      checkFields(body);
      const group = {
        name: checkName(body['name']),
        description: checkDescription(body['description'] ?? DEFAULT_DESCRIPTION),
        updateApplyType: checkApplyType(body['update_apply_type'] ?? DEFAULT_GROUP.updateApplyType),
        maxParallelSubclouds: checkMaxParallel(body['max_parallel_subclouds'] ?? DEFAULT_GROUP.maxParallelSubclouds),
      };
      return audit.change(ctx, { target: `subcloud-group:${group.name}`, detail: `${group.updateApplyType}, ${group.maxParallelSubclouds} at once` }, async (repos) => {
        await checkFreeName(repos, group.name);
        return repos.subcloudGroups.insert(group, clock.now());
      });
    },

    async updateGroup(ctx, ref, body) {
      checkFields(body);
      const changes: SubcloudGroupChanges = {
        ...(body['name'] !== undefined ? { name: checkName(body['name']) } : {}),
        ...(body['description'] !== undefined ? { description: checkDescription(body['description']) } : {}),
        ...(body['update_apply_type'] !== undefined ? { updateApplyType: checkApplyType(body['update_apply_type']) } : {}),
        ...(body['max_parallel_subclouds'] !== undefined
          ? { maxParallelSubclouds: checkMaxParallel(body['max_parallel_subclouds']) }
          : {}),
      };
      if (Object.keys(changes).length === 0) throw invalid('nothing to update', { field: 'body' });
      return audit.change(ctx, { target: `subcloud-group:${ref}`, detail: `changed ${Object.keys(changes).join(', ')}` }, async (repos) => {
        const group = await findGroup(repos, ref);
        if (changes.name !== undefined && changes.name !== group.name) {
          if (group.id === DEFAULT_GROUP.id) throw invalid('Default group name cannot be changed', { rule: 'group_default' });
          await checkFreeName(repos, changes.name);
        }
        return (await repos.subcloudGroups.update(group.id, changes, clock.now()))!;
      });
    },

    async deleteGroup(ctx, ref) {
      await audit.change(ctx, { target: `subcloud-group:${ref}`, detail: 'deleted' }, async (repos) => {
        const group = await findGroup(repos, ref);
        if (group.id === DEFAULT_GROUP.id) throw invalid('Default Subcloud Group may not be deleted', { rule: 'group_default' });
        const members = await repos.subclouds.countInGroup(group.id);
        if (members > 0) throw invalid(`Subcloud Group not empty: it holds ${members} subcloud(s)`, { rule: 'group_not_empty' });
        await repos.subcloudGroups.remove(group.id);
      });
    },
  };
}
