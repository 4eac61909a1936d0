import { SYSTEM_CONTROLLER_REGION } from '@murmuration/core/dc';
import type { ServiceType } from '@murmuration/core/identity';
import type {
  AlarmSummaryList, AlarmSummaryObject, FleetSummary, SubcloudDetailObject, SubcloudGroupCreateBody, SubcloudGroupList,
  SubcloudGroupObject, SubcloudGroupUpdateBody, SubcloudList, SubcloudObject, SubcloudPrestageAnswer,
  SubcloudPrestageProgress,
} from '@murmuration/core/contract/dcmanager';
import type {
  FleetStrategyObject, StrategyStepList, StrategyStepObject, SwUpdateOptionsList, SwUpdateOptionsObject,
} from '@murmuration/core/contract/dcmanager-orchestration';
import type { Static } from 'typebox';
import type {
  DcPrestageRequest, DcPrestageStrategyRequest, DcSubcloudAddRequest, DcSubcloudUpdateRequest,
  DcSwDeployStrategyRequest, DcSwUpdateOptionsRequest,
} from './dcmanager-requests.js';
import type { HttpRequest } from './http.js';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'dcmanager';

/** One subcloud's row of the central alarm summary. */
export type DcAlarmSummary = Static<typeof AlarmSummaryObject>;
/** How many subclouds are in one combination of management state, availability and sync status. */
export type DcFleetCount = FleetSummary['summary']['counts'][number];

/** The strategy types of dcmanager's `<type>-strategy` commands. */
export type DcStrategyType = 'sw-deploy' | 'prestage' | 'kubernetes' | 'kube-rootca-update' | 'firmware';

/** Where the defaults of `sw-update-options` are: `SystemController` (dcmanager also takes `RegionOne`). */
export const DEFAULT_OPTIONS_REF = SYSTEM_CONTROLLER_REGION;

/** A subcloud or group reference in a path: its name or its id (all digits). */
const ref = (nameOrId: string | number): string => encodeURIComponent(String(nameOrId));

/**
 * The system controller's dcmanager API, with the paths the StarlingX client uses (collections
 * with a trailing slash, items without). Its endpoint is the catalog's `dcmanager` entry in
 * region `SystemController`, whatever region the session is for: dcmanager's own client looks it
 * up by type only, and a subcloud's region never has it.
 */
export class DcmanagerApi {
  constructor(private readonly session: Session) {}

  private json<T>(method: HttpRequest['method'], path: string, body?: unknown): Promise<T> {
    const request = { method, path, region: SYSTEM_CONTROLLER_REGION };
    return this.session.json<T>(SERVICE, body === undefined ? request : { ...request, body });
  }

  async listSubclouds(): Promise<SubcloudObject[]> {
    return (await this.json<Static<typeof SubcloudList>>('GET', '/subclouds/')).subclouds;
  }

  getSubcloud(nameOrId: string): Promise<SubcloudObject> {
    return this.json('GET', `/subclouds/${ref(nameOrId)}`);
  }

  /** The subcloud with `oam_floating_ip`, `deploy_config_sync_status` and `region_name`. */
  getSubcloudDetail(nameOrId: string): Promise<SubcloudDetailObject> {
    return this.json('GET', `/subclouds/${ref(nameOrId)}/detail`);
  }

  addSubcloud(request: DcSubcloudAddRequest): Promise<SubcloudObject> {
    return this.json('POST', '/subclouds/', request);
  }

  updateSubcloud(nameOrId: string, request: DcSubcloudUpdateRequest): Promise<SubcloudObject> {
    return this.json('PATCH', `/subclouds/${ref(nameOrId)}`, request);
  }

  /** Puts a prestage of a release to the subcloud under way; the answer shows it `prestaging`. */
  prestageSubcloud(nameOrId: string, request: DcPrestageRequest): Promise<SubcloudPrestageAnswer> {
    return this.json('PATCH', `/subclouds/${ref(nameOrId)}/prestage`, request);
  }

  /** Where the subcloud's latest prestage stands (this controller's own). */
  prestageProgress(nameOrId: string): Promise<SubcloudPrestageProgress> {
    return this.json('GET', `/subclouds/${ref(nameOrId)}/prestage`);
  }

  /** Deletes an unmanaged subcloud; with `force`, even one that is still online (`?force=true`). */
  async deleteSubcloud(nameOrId: string, options: { readonly force?: boolean } = {}): Promise<void> {
    await this.json<null>('DELETE', `/subclouds/${ref(nameOrId)}${options.force ? '?force=true' : ''}`);
  }

  /** How many subclouds are in each management state, availability and sync status, and in each combination. */
  async fleetSummary(): Promise<FleetSummary['summary']> {
    return (await this.json<FleetSummary>('GET', '/subclouds/summary')).summary;
  }

  async listGroups(): Promise<SubcloudGroupObject[]> {
    return (await this.json<Static<typeof SubcloudGroupList>>('GET', '/subcloud-groups/')).subcloud_groups;
  }

  getGroup(nameOrId: string): Promise<SubcloudGroupObject> {
    return this.json('GET', `/subcloud-groups/${ref(nameOrId)}`);
  }

  addGroup(request: Static<typeof SubcloudGroupCreateBody>): Promise<SubcloudGroupObject> {
    return this.json('POST', '/subcloud-groups/', request);
  }

  updateGroup(nameOrId: string, request: Static<typeof SubcloudGroupUpdateBody>): Promise<SubcloudGroupObject> {
    return this.json('PATCH', `/subcloud-groups/${ref(nameOrId)}`, request);
  }

  async deleteGroup(nameOrId: string): Promise<void> {
    await this.json<null>('DELETE', `/subcloud-groups/${ref(nameOrId)}`);
  }

  /** The group's subclouds (no sync keys in these objects). */
  async groupSubclouds(nameOrId: string): Promise<SubcloudObject[]> {
    const path = `/subcloud-groups/${ref(nameOrId)}/subclouds`;
    return (await this.json<Static<typeof SubcloudList>>('GET', path)).subclouds;
  }

  /** Alarm counts per subcloud, newest subcloud first. */
  async alarmSummary(): Promise<DcAlarmSummary[]> {
    return (await this.json<Static<typeof AlarmSummaryList>>('GET', '/alarms/')).alarm_summary;
  }

  /** `POST /sw-update-strategy/`: the one strategy, of any type. */
  createStrategy(request: DcSwDeployStrategyRequest | DcPrestageStrategyRequest): Promise<FleetStrategyObject> {
    return this.json('POST', '/sw-update-strategy/', request);
  }

  /** The strategy of this type (404 when the one there is of another type, or there is none). */
  getStrategy(type: DcStrategyType): Promise<FleetStrategyObject> {
    return this.json('GET', `/sw-update-strategy?type=${encodeURIComponent(type)}`);
  }

  /** Deletes it: the answer shows it `deleting` (or already gone). */
  deleteStrategy(type: DcStrategyType): Promise<FleetStrategyObject> {
    return this.json('DELETE', `/sw-update-strategy?type=${encodeURIComponent(type)}`);
  }

  strategyAction(type: DcStrategyType, action: 'apply' | 'abort'): Promise<FleetStrategyObject> {
    return this.json('POST', `/sw-update-strategy/actions?type=${encodeURIComponent(type)}`, { action });
  }

  /** Every subcloud's step, in step order (dcmanager's client sends no type). */
  async listStrategySteps(): Promise<StrategyStepObject[]> {
    return (await this.json<Static<typeof StrategyStepList>>('GET', '/sw-update-strategy/steps'))['strategy-steps'];
  }

  /** One subcloud's step, by its name (`SystemController`: the step of the system controller itself). */
  getStrategyStep(cloud: string): Promise<StrategyStepObject> {
    return this.json('GET', `/sw-update-strategy/steps/${ref(cloud)}`);
  }

  /** The defaults first, then the subclouds that have options of their own. */
  async listSwUpdateOptions(): Promise<SwUpdateOptionsObject[]> {
    return (await this.json<Static<typeof SwUpdateOptionsList>>('GET', '/sw-update-options'))['sw-update-options'];
  }

  /** A subcloud's options, or the defaults (`DEFAULT_OPTIONS_REF`). */
  getSwUpdateOptions(subcloud: string): Promise<SwUpdateOptionsObject> {
    return this.json('GET', `/sw-update-options/${ref(subcloud)}`);
  }

  /** Creates or replaces a subcloud's options, or the defaults. */
  updateSwUpdateOptions(subcloud: string, request: DcSwUpdateOptionsRequest): Promise<SwUpdateOptionsObject> {
    return this.json('POST', `/sw-update-options/${ref(subcloud)}`, request);
  }

  /** Drops a subcloud's own options: its strategies use the defaults again. */
  async deleteSwUpdateOptions(subcloud: string): Promise<void> {
    await this.json<null>('DELETE', `/sw-update-options/${ref(subcloud)}`);
  }
}
