import { invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import {
  SYSTEM_PATCHABLE_FIELDS, SYSTEM_READ_ONLY_FIELDS, patchToChanges, validateSystemChange, type DistributedCloudRole,
  type JsonPatchOperation, type SystemChanges, type SystemPatchableField, type SystemMode, type SystemRecord,
} from '@murmuration/core/inventory';
import type { InventoryRepos, Repos, Store } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/index.js';

/** The system record: `system show` and `system modify`. */
export interface SystemService {
  list(): Promise<SystemRecord[]>;
  get(uuid: string): Promise<SystemRecord>;
  patch(ctx: RequestContext, uuid: string, operations: readonly JsonPatchOperation[]): Promise<SystemRecord>;
  /** First-start record, inside the caller's transaction. */
  seed(repos: Repos, ctx: RequestContext): Promise<SystemRecord>;
}

export interface SystemSeedSettings {
  readonly name: string;
  readonly region: string;
  readonly systemMode: SystemMode;
  readonly softwareVersion: string;
  readonly distributedCloudRole: DistributedCloudRole | null;
}

export function createSystemService(deps: {
  store: Store<InventoryRepos>;
  audit: AuditService;
  clock: Clock;
  seed: SystemSeedSettings;
}): SystemService {
  const { store, audit, clock } = deps;
  // The system record is read by nearly every request that shows it and changes only through
  // this service, so it is kept in memory and dropped whenever a change is attempted.
  let cached: Promise<SystemRecord[]> | null = null;

  function list(): Promise<SystemRecord[]> {
    cached ??= store.repos.systems.list().catch((error: unknown) => {
      cached = null;
      throw error;
    });
    return cached;
  }

  async function get(uuid: string): Promise<SystemRecord> {
    const system = (await list()).find((s) => s.uuid === uuid);
    if (!system) throw notFound(`system not found: ${uuid}`, { uuid });
    return system;
  }

  return {
    list,
    get,

    async patch(ctx, uuid, operations) {
      const raw = patchToChanges(operations, SYSTEM_PATCHABLE_FIELDS, SYSTEM_READ_ONLY_FIELDS);
      const changes: SystemChanges = {};
      for (const [field, value] of Object.entries(raw) as Array<[SystemPatchableField, unknown]>) {
        if (value !== null && typeof value !== 'string') throw invalid(`${field} must be a string`, { field });
        changes[field] = validateSystemChange(field, value);
      }
      const before = await get(uuid);
      try {
        return await audit.change(
          ctx,
          { target: `isystem:${uuid}`, detail: `changed ${Object.keys(changes).join(', ')}` },
          async (repos) => {
            const updated = await repos.systems.update(before.uuid, changes, clock.now());
            if (!updated) throw notFound(`system not found: ${uuid}`, { uuid });
            return updated;
          },
        );
      } finally {
        cached = null;
      }
    },

    async seed(repos, ctx) {
      const now = clock.now();
      const system = await repos.systems.insert({
        uuid: randomUUID(),
        name: deps.seed.name,
        systemType: 'All-in-one',
        systemMode: deps.seed.systemMode,
        description: null,
        contact: null,
        location: null,
        latitude: null,
        longitude: null,
        softwareVersion: deps.seed.softwareVersion,
        timezone: 'UTC',
        regionName: deps.seed.region,
        distributedCloudRole: deps.seed.distributedCloudRole,
        serviceProjectName: 'services',
        securityFeature: 'spectre_meltdown_v1',
        capabilities: { region_config: false, sdn_enabled: false, shared_services: '[]', bm_region: 'External', vswitch_type: 'none', https_enabled: false },
        createdAt: now,
        updatedAt: null,
      });
      await audit.append(repos, ctx, { target: `isystem:${system.uuid}`, detail: `system ${system.name} created` });
      cached = null;
      return system;
    },
  };
}
