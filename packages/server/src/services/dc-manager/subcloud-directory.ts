import { AppError, conflict, invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import type { DcJoinAnswer } from '@murmuration/core/contract/dc-agent';
import {
  DC_ENDPOINT_TYPES,
  clearSubcloudAlarms,
  offlineAlarm,
  outOfSyncAlarm,
  DEFAULT_GROUP,
  DISABLED_ALARM_COUNTS,
  NO_ERRORS,
  SYSTEM_CONTROLLER_REGION,
  refIsId,
  type DcEndpointType,
  type FleetCount,
  type SubcloudChanges,
  type SubcloudGroupRecord,
  type SubcloudRecord,
  type SyncStatus,
} from '@murmuration/core/dc';
import { ALARM_IDS, type AlarmChange } from '@murmuration/core/fault';
import type { Repos, Store, SubcloudAlarmRow } from '@murmuration/store';
import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import type { CredentialSeal } from './credential-seal.js';
import { groupByRef } from './subcloud-groups.js';
import { readSubcloudAdd, readSubcloudUpdate, type SubcloudFields, type SubcloudUpdatePlan } from './subcloud-input.js';
import { joinSubcloud, type JoiningController } from './subcloud-join.js';
import type { SubcloudRelease } from './subcloud-release.js';

/** How the system controller logs in to a subcloud: the service account the subcloud made for it. */
export interface SubcloudCredential {
  readonly authUrl: string;
  readonly userId: string;
  readonly username: string;
  readonly password: string;
  readonly projectName: string;
  readonly userDomainName: string;
  readonly projectDomainName: string;
}

/** A page of subclouds in id order. */
export interface SubcloudPage {
  /** Only subclouds with a higher id. */
  readonly afterId?: number | undefined;
  readonly limit: number;
  readonly groupId?: number | undefined;
}

/** The subclouds of a system controller: added by URL, changed, managed, unmanaged, deleted. */
export interface SubcloudDirectory {
  /** Joins the subcloud and records it unmanaged, offline, deploy-status complete; nothing is kept if it fails. */
  addSubcloud(ctx: RequestContext, fields: SubcloudFields): Promise<SubcloudRecord>;
  /** `{ref}`: all digits is an id, anything else a name; when neither matches, a region name. */
  getSubcloud(ref: string): Promise<SubcloudRecord>;
  listSubclouds(page: SubcloudPage): Promise<SubcloudRecord[]>;
  /** Description, location, coordinates, group, name (while unmanaged) and the management state, in one change. */
  updateSubcloud(ctx: RequestContext, ref: string, fields: SubcloudFields): Promise<SubcloudRecord>;
  /** Forgets an unmanaged subcloud (one still online only with `force`), and clears its alarms. */
  deleteSubcloud(ctx: RequestContext, ref: string, options: { readonly force: boolean }): Promise<void>;
  /** The fleet counted by management state, availability and sync status (one grouped query). */
  fleetCounts(): Promise<FleetCount[]>;
  /** The central alarm summary, newest subcloud first: those below `beforeId` when given. */
  alarmSummary(beforeId: number | null, limit: number): Promise<SubcloudAlarmRow[]>;
  /** The service account of a subcloud, unsealed (for its audit), or null when there is no such subcloud. */
  credentialOf(id: number): Promise<SubcloudCredential | null>;
}

export interface SubcloudDirectoryDeps {
  readonly store: Store;
  readonly audit: AuditService;
  readonly fault: FaultService;
  readonly clock: Clock;
  readonly seal: CredentialSeal;
  /** Who this system controller is, as a join names it. */
  readonly self: () => JoiningController;
  readonly joinTimeoutMs: number;
  /** Tells a subcloud being deleted to leave; what came of it, for the audit log. */
  readonly release: SubcloudRelease;
}

/** Every endpoint type at one status. */
export const allEndpoints = (status: SyncStatus): Record<DcEndpointType, SyncStatus> =>
  Object.fromEntries(DC_ENDPOINT_TYPES.map((type) => [type, status])) as Record<DcEndpointType, SyncStatus>;

/** The release line of a version (`26.03.1` → `26.03`): subclouds join only a system controller of their own. */
const releaseOf = (version: string): string => /^(\d+)\.(\d+)/.exec(version)?.slice(1, 3).join('.') ?? version;

/**
 * A subcloud by dcmanager's reference rule (all digits an id, anything else a name), else by its region name, or 404.
 * dcmanager takes a region name only from its own agents (by their User-Agent); this one from every client, so that
 * the CLI can find the subcloud behind a region (`--os-region-name`) that no token's catalog lists.
 */
export async function findSubcloud(repos: Repos, ref: string): Promise<SubcloudRecord> {
  const byRef = refIsId(ref) ? await repos.subclouds.findById(Number(ref)) : await repos.subclouds.findByName(ref);
  const subcloud = byRef ?? (await repos.subclouds.findByRegion(ref));
  if (!subcloud) throw notFound('Subcloud not found', { subcloud: ref });
  return subcloud;
}

/** A group by dcmanager's reference rule, or 400 "Invalid group" (as a subcloud's field names it). */
async function groupOf(repos: Repos, ref: string | null): Promise<SubcloudGroupRecord> {
  const group = await groupByRef(repos, ref ?? String(DEFAULT_GROUP.id));
  if (!group) throw invalid('Invalid group', { field: 'group_id' });
  return group;
}

async function checkFree(repos: Repos, name: string, url: string): Promise<void> {
  const named = await repos.subclouds.findByName(name);
  if (named) throw conflict(`Subcloud with name ${name} already exists`, { rule: 'subcloud_name_taken' });
  const same = await repos.subclouds.findByUrl(url);
  if (same) throw conflict(`Subcloud ${same.name} is already at ${url}`, { rule: 'subcloud_url_taken' });
}

async function checkRegion(repos: Repos, region: string, own: string): Promise<void> {
  if (region === own || region === SYSTEM_CONTROLLER_REGION) {
    throw conflict(`the subcloud's region ${region} is a region of this system controller`, { rule: 'subcloud_region_taken' });
  }
  const holder = await repos.subclouds.findByRegion(region);
  if (holder) throw conflict(`region ${region} is already the region of subcloud ${holder.name}`, { rule: 'subcloud_region_taken' });
}

function credentialOfAnswer(answer: DcJoinAnswer): SubcloudCredential {
  const a = answer.account;
  return {
    authUrl: answer.auth_url, userId: a.user_id, username: a.username, password: a.password,
    projectName: a.project_name, userDomainName: a.user_domain_name, projectDomainName: a.project_domain_name,
  };
}

/** What a change of management state does besides the state: the audit schedule, the sync and alarm resets. */
async function managementChange(
  repos: Repos,
  subcloud: SubcloudRecord,
  plan: SubcloudUpdatePlan,
  now: number,
): Promise<{ changes: SubcloudChanges; alarms: AlarmChange[] }> {
  if (plan.managementState === undefined) return { changes: {}, alarms: [] };
  if (plan.managementState === subcloud.managementState) {
    throw new AppError('UNPROCESSABLE', `Subcloud ${subcloud.name} already ${plan.managementState}`, {
      rule: plan.managementState === 'managed' ? 'subcloud_managed' : 'subcloud_unmanaged',
    });
  }
  if (plan.managementState === 'managed') {
    if (subcloud.deployStatus !== 'complete' && !plan.force) {
      throw new AppError('UNPROCESSABLE', `Unable to manage ${subcloud.name}: its deploy_status must be 'complete'`, {
        rule: 'subcloud_deploy_status',
      });
    }
    // Audited at once: its availability, sync and alarms are known within one audit.
    await repos.subcloudAudits.schedule(subcloud.id, now);
    return { changes: { managementState: 'managed' }, alarms: [] };
  }
  await repos.subcloudAudits.unschedule(subcloud.id);
  return {
    // Unmanaged: nothing is synced nor counted any more; the availability stays the last one seen.
    changes: { managementState: 'unmanaged', endpointSync: allEndpoints('unknown'), alarms: DISABLED_ALARM_COUNTS },
    alarms: DC_ENDPOINT_TYPES.map((endpoint) => outOfSyncAlarm(subcloud.name, endpoint, 'unknown')),
  };
}

/** A rename: only of an unmanaged, deployed subcloud, to a free name; its alarms move with it. */
async function renameChange(
  repos: Repos,
  fault: FaultService,
  subcloud: SubcloudRecord,
  name: string | undefined,
): Promise<SubcloudChanges> {
  if (name === undefined) return {};
  if (subcloud.managementState !== 'unmanaged' || subcloud.deployStatus !== 'complete') {
    throw invalid(`Subcloud ${subcloud.name} must be deployed and unmanaged for the subcloud rename operation.`, {
      rule: 'subcloud_managed',
    });
  }
  if (name === subcloud.name) {
    throw invalid(`Provided subcloud name ${name} is the same as the current subcloud ${subcloud.name}. A different name is required to rename the subcloud`, { field: 'name' });
  }
  if (await repos.subclouds.findByName(name)) throw conflict(`Subcloud with name ${name} already exists`, { rule: 'subcloud_name_taken' });
  const [cleared] = await fault.applyIn(repos, [clearSubcloudAlarms(subcloud.name)]);
  const wasOffline = cleared?.kind === 'clear' && cleared.cleared.some((a) => a.alarmId === ALARM_IDS.SUBCLOUD_OFFLINE);
  if (wasOffline) await fault.applyIn(repos, [offlineAlarm(name, true)]);
  return { name };
}

export function createSubcloudDirectory(deps: SubcloudDirectoryDeps): SubcloudDirectory {
  const { store, audit, fault, clock, seal } = deps;
  return {
    async addSubcloud(ctx, fields) {
      const plan = readSubcloudAdd(fields);
      // Refused before the subcloud is asked anything, so that a refusal leaves nothing there either.
      await groupOf(store.repos, plan.groupRef);
      await checkFree(store.repos, plan.name, plan.url);
      const self = deps.self();
      const answer = await joinSubcloud(plan, self, deps.joinTimeoutMs);
      if (releaseOf(answer.software_version) !== releaseOf(self.softwareVersion)) {
        throw new AppError('UNPROCESSABLE', `subcloud ${plan.name} runs ${answer.software_version}, which this system controller (${self.softwareVersion}) cannot manage: their release lines differ`, { rule: 'subcloud_version' });
      }
      const credential = seal.seal(JSON.stringify(credentialOfAnswer(answer)));
      return audit.change(
        ctx,
        { target: `subcloud:${plan.name}`, detail: `added ${plan.url} (region ${answer.region_name}, ${answer.software_version})` },
        async (repos) => {
          const group = await groupOf(repos, plan.groupRef);
          await checkFree(repos, plan.name, plan.url);
          await checkRegion(repos, answer.region_name, self.region);
          return repos.subclouds.insert(
            {
              name: plan.name, description: plan.description, location: plan.location, latitude: plan.latitude,
              longitude: plan.longitude, groupId: group.id, url: plan.url, regionName: answer.region_name,
              systemUuid: answer.system_uuid, softwareVersion: answer.software_version, managementState: 'unmanaged',
              availabilityStatus: 'offline', deployStatus: 'complete', errorDescription: NO_ERRORS,
              endpointSync: allEndpoints('unknown'), alarms: DISABLED_ALARM_COUNTS, alarmSummaryUuid: randomUUID(),
              prestageStatus: null, prestageVersions: null, credential,
            },
            clock.now(),
          );
        },
      );
    },

    getSubcloud: (ref) => findSubcloud(store.repos, ref),

    listSubclouds: ({ afterId, limit, groupId }) => store.repos.subclouds.list({ afterId, limit, groupId }),

    async updateSubcloud(ctx, ref, fields) {
      const plan = readSubcloudUpdate(fields);
      const said = [
        plan.managementState, plan.name && `name ${plan.name}`, plan.groupRef && `group ${plan.groupRef}`,
        ...(['description', 'location', 'latitude', 'longitude'] as const).filter((k) => plan[k] !== undefined),
      ].filter(Boolean);
      return audit.change(ctx, { target: `subcloud:${ref}`, detail: said.join(', ') || 'no change' }, async (repos) => {
        const subcloud = await findSubcloud(repos, ref);
        const now = clock.now();
        const renamed = await renameChange(repos, fault, subcloud, plan.name);
        const group = plan.groupRef !== undefined ? await groupOf(repos, plan.groupRef) : null;
        const management = await managementChange(repos, subcloud, plan, now);
        const changes: SubcloudChanges = {
          ...renamed,
          ...management.changes,
          ...(group !== null ? { groupId: group.id } : {}),
          ...(plan.description !== undefined ? { description: plan.description } : {}),
          ...(plan.location !== undefined ? { location: plan.location } : {}),
          ...(plan.latitude !== undefined ? { latitude: plan.latitude } : {}),
          ...(plan.longitude !== undefined ? { longitude: plan.longitude } : {}),
        };
        if (management.alarms.length > 0) await fault.applyIn(repos, management.alarms);
        return (await repos.subclouds.update(subcloud.id, changes, now))!;
      });
    },

    async deleteSubcloud(ctx, ref, options) {
      const deletable = async (repos: Repos): Promise<SubcloudRecord> => {
        const subcloud = await findSubcloud(repos, ref);
        if (subcloud.managementState === 'managed') {
          throw invalid(`Cannot delete a subcloud that is "managed" status`, { rule: 'subcloud_managed' });
        }
        if (subcloud.availabilityStatus === 'online' && !options.force) {
          throw new AppError('UNPROCESSABLE', `Subcloud ${subcloud.name} is online: it was still answering when last audited. Delete it with force to forget it all the same`, { rule: 'subcloud_online' });
        }
        return subcloud;
      };
      // Told before it is forgotten (the account is needed to tell it), once the refusals are behind.
      const found = await deletable(store.repos);
      const released = await deps.release(found, await store.repos.subclouds.credential(found.id));
      const note = { target: `subcloud:${ref}`, detail: `deleted${options.force ? ' (forced)' : ''}; ${released}` };
      await audit.change(ctx, note, async (repos) => {
        const subcloud = await deletable(repos);
        await repos.subcloudAudits.unschedule(subcloud.id);
        await repos.subclouds.remove(subcloud.id);
        await fault.applyIn(repos, [clearSubcloudAlarms(subcloud.name)]);
      });
    },

    fleetCounts: () => store.repos.subclouds.fleetCounts(),

    alarmSummary: (beforeId, limit) => store.repos.subclouds.alarmPage(beforeId, limit),

    async credentialOf(id) {
      const sealed = await store.repos.subclouds.credential(id);
      return sealed === null ? null : (JSON.parse(seal.unseal(sealed)) as SubcloudCredential);
    },
  };
}
