import type { SubcloudDetailObject, SubcloudObject } from '@murmuration/core/contract/dcmanager';
import type { Cell } from '../output/printer.js';

/**
 * A subcloud's rows and columns as dcmanager's CLI prints them. Keys a server leaves out print as
 * dcmanager prints them: `sync` as `unknown`, the others as `None`; no endpoint rows.
 */

type Fields = Array<[name: string, value: Cell]>;

/** `subcloud list`: the eight columns of dcmanager's basic format. */
export const SUBCLOUD_LIST_COLUMNS = [
  'id', 'name', 'management', 'availability', 'deploy status', 'sync', 'backup status', 'prestage status',
] as const;

export function subcloudListRow(s: SubcloudObject): Record<string, Cell> {
  return {
    id: s.id,
    name: s.name,
    management: s['management-state'],
    availability: s['availability-status'],
    'deploy status': s['deploy-status'],
    sync: s.sync_status ?? 'unknown',
    'backup status': s['backup-status'] ?? null,
    'prestage status': s['prestage-status'] ?? null,
  };
}

/** The 21 fields every detailed form of a subcloud starts with, in dcmanager's order. */
function basicDetailFields(s: SubcloudObject): Fields {
  return [
    ['id', s.id],
    ['name', s.name],
    ['description', s.description ?? null],
    ['location', s.location ?? null],
    ['software_version', s['software-version']],
    ['management', s['management-state']],
    ['availability', s['availability-status']],
    ['deploy_status', s['deploy-status']],
    ['management_subnet', s['management-subnet'] ?? null],
    ['management_start_ip', s['management-start-ip'] ?? null],
    ['management_end_ip', s['management-end-ip'] ?? null],
    ['management_gateway_ip', s['management-gateway-ip'] ?? null],
    ['systemcontroller_gateway_ip', s['systemcontroller-gateway-ip'] ?? null],
    ['group_id', s.group_id],
    ['peer_group_id', s.peer_group_id ?? null],
    ['created_at', s['created-at']],
    ['updated_at', s['updated-at'] ?? null],
    ['backup_status', s['backup-status'] ?? null],
    ['backup_datetime', s['backup-datetime'] ?? null],
    ['prestage_status', s['prestage-status'] ?? null],
    ['prestage_versions', s['prestage-versions'] ?? null],
  ];
}

const columnsOf = (fields: Fields): string[] => fields.map(([name]) => name);
const recordOf = (fields: Fields): Record<string, Cell> => Object.fromEntries(fields);

/** `subcloud list -d` (and `-c`): the detailed fields with `sync` after `deploy_status`. */
function detailListFields(s: SubcloudObject): Fields {
  const fields = basicDetailFields(s);
  const at = fields.findIndex(([name]) => name === 'deploy_status') + 1;
  fields.splice(at, 0, ['sync', s.sync_status ?? 'unknown']);
  return fields;
}

export const detailListRow = (s: SubcloudObject): Record<string, Cell> => recordOf(detailListFields(s));

/** What only `show -d` reads; other replies leave these at the values that hide their rows. */
const NOT_DETAILED = { oam_floating_ip: 'unavailable', deploy_config_sync_status: 'unknown' } as const;

/**
 * dcmanager's detail format: the 21 fields, one `<endpoint_type>_sync_status` row per endpoint in
 * the server's order, then `oam_floating_ip` unless unavailable and `deploy_config_sync_status`
 * unless unknown (both known only from `show -d`).
 */
function detailFields(s: SubcloudObject, detail: Pick<SubcloudDetailObject, keyof typeof NOT_DETAILED>): Fields {
  const fields = basicDetailFields(s);
  for (const endpoint of s.endpoint_sync_status ?? []) {
    fields.push([`${endpoint.endpoint_type}_sync_status`, endpoint.sync_status]);
  }
  if (detail.oam_floating_ip !== NOT_DETAILED.oam_floating_ip) fields.push(['oam_floating_ip', detail.oam_floating_ip]);
  if (detail.deploy_config_sync_status !== NOT_DETAILED.deploy_config_sync_status) {
    fields.push(['deploy_config_sync_status', detail.deploy_config_sync_status]);
  }
  return fields;
}

/** A subcloud as `subcloud add|update|manage|unmanage` print it (no region name). */
export const subcloudFields = (s: SubcloudObject): Record<string, Cell> => recordOf(detailFields(s, NOT_DETAILED));

/**
 * `subcloud show`: the detail format, then `region_name` when the object has a `region-name`,
 * then where the subcloud answers and its coordinates when the server gives them.
 */
export const subcloudShowFields = (s: SubcloudObject): Record<string, Cell> =>
  recordOf(showFields(s, NOT_DETAILED, s['region-name']));

/** `subcloud show -d`: as `show`, with the three keys only the detail reply has (which the client requires). */
export const subcloudDetailShowFields = (s: SubcloudDetailObject): Record<string, Cell> =>
  recordOf(showFields(s, s, s.region_name));

function showFields(
  s: SubcloudObject,
  detail: Pick<SubcloudDetailObject, keyof typeof NOT_DETAILED>,
  region: string | null | undefined,
): Fields {
  const fields = detailFields(s, detail);
  if (region) fields.push(['region_name', region]);
  for (const key of ['url', 'latitude', 'longitude'] as const) {
    const value = s[key];
    if (value !== undefined && value !== null) fields.push([key, value]);
  }
  return fields;
}

/** The columns of `subcloud list -d` and of `subcloud-group list-subclouds`. */
export const SUBCLOUD_DETAIL_LIST_COLUMNS: readonly string[] = columnsOf(detailListFields({} as SubcloudObject));
export const SUBCLOUD_DETAIL_COLUMNS: readonly string[] = columnsOf(basicDetailFields({} as SubcloudObject));

/** A subcloud as a row of `subcloud-group list-subclouds` (the 21 detailed fields). */
export const groupSubcloudRow = (s: SubcloudObject): Record<string, Cell> => recordOf(basicDetailFields(s));
