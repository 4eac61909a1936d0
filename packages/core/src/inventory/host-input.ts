import { invalid } from '../errors/app-error.js';
import { CLOCK_SYNCHRONIZATIONS, PERSONALITIES, type ClockSynchronization, type Personality } from './host.js';

/** What `system host-add` may send. */
export interface NewHostInput {
  readonly hostname: string;
  readonly personality: Personality;
  readonly mgmtMac: string | null;
  readonly serialId: string | null;
  readonly location: Readonly<Record<string, string>>;
}

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** Checks a hostname: one lowercase DNS label; controllers are controller-0/1, storage hosts storage-N. */
export function checkHostname(hostname: string, personality: Personality): string {
  if (!LABEL.test(hostname)) {
    throw invalid(`hostname ${JSON.stringify(hostname)} must be 1 to 63 lowercase letters, digits and dashes, not starting or ending with a dash`, { field: 'hostname' });
  }
  if (personality === 'controller' && !/^controller-[01]$/.test(hostname)) {
    throw invalid(`a controller must be named controller-0 or controller-1, not ${hostname}`, { field: 'hostname' });
  }
  if (personality === 'storage' && !/^storage-\d+$/.test(hostname)) {
    throw invalid(`a storage host must be named storage-<n>, not ${hostname}`, { field: 'hostname' });
  }
  return hostname;
}

/** A MAC address in the lowercase colon form sysinv stores; dashes and capitals are accepted. */
export function normalizeMac(value: string): string {
  const mac = value.trim().toLowerCase().replaceAll('-', ':');
  if (!MAC.test(mac)) throw invalid(`mgmt_mac ${JSON.stringify(value)} is not a MAC address (six hex pairs, e.g. 08:00:27:0a:1b:2c)`, { field: 'mgmt_mac' });
  if (mac === '00:00:00:00:00:00' || mac === 'ff:ff:ff:ff:ff:ff') throw invalid(`mgmt_mac ${mac} cannot identify a host`, { field: 'mgmt_mac' });
  return mac;
}

export function checkPersonality(value: unknown): Personality {
  if (typeof value !== 'string' || !(PERSONALITIES as readonly string[]).includes(value)) {
    throw invalid(`personality must be one of ${PERSONALITIES.join(', ')}, got ${JSON.stringify(value)}`, { field: 'personality' });
  }
  return value as Personality;
}

export function checkClockSynchronization(value: unknown): ClockSynchronization {
  if (typeof value !== 'string' || !(CLOCK_SYNCHRONIZATIONS as readonly string[]).includes(value)) {
    throw invalid(`clock_synchronization must be one of ${CLOCK_SYNCHRONIZATIONS.join(', ')}, got ${JSON.stringify(value)}`, { field: 'clock_synchronization' });
  }
  return value as ClockSynchronization;
}

/** sysinv keeps a host's location as `{"locn": "<text>"}`; the CLI sends the text. */
export function locationOf(value: unknown): Record<string, string> {
  if (value === null || value === undefined || value === '') return {};
  if (typeof value === 'string') {
    if (value.length > 255) throw invalid('location must be at most 255 characters', { field: 'location' });
    return { locn: value };
  }
  if (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string' && v.length <= 255)) {
    return { ...(value as Record<string, string>) };
  }
  throw invalid('location must be text, or an object of texts such as {"locn": "rack 4"}', { field: 'location' });
}

/** Fields `host-update` may change (some only while the host is locked). */
export const HOST_PATCHABLE_FIELDS = ['hostname', 'location', 'mgmt_mac', 'serialid', 'clock_synchronization'] as const;
export type HostPatchableField = (typeof HOST_PATCHABLE_FIELDS)[number];

/** Fields that change only while the host is locked (out of service). */
export const HOST_LOCKED_ONLY_FIELDS: ReadonlySet<HostPatchableField> = new Set(['hostname', 'mgmt_mac', 'clock_synchronization']);

/** Fields on the wire that a patch cannot change, with the reason given. */
export const HOST_READ_ONLY_FIELDS: Readonly<Record<string, string>> = Object.freeze({
  id: 'id cannot be modified',
  uuid: 'uuid cannot be modified',
  personality: 'personality cannot be modified: delete the host and add it again',
  subfunctions: 'subfunctions cannot be modified',
  administrative: 'administrative state changes through the lock and unlock actions',
  operational: 'operational state is set by maintenance',
  availability: 'availability is set by maintenance',
  invprovision: 'invprovision is set when the inventory is reported',
  task: 'task is set by maintenance',
  uptime: 'uptime is reported by the host',
  config_target: 'config_target follows configuration changes',
  config_applied: 'config_applied is reported by the host',
  created_at: 'created_at cannot be modified',
  updated_at: 'updated_at cannot be modified',
});

/** Reads a `POST /v1/ihosts` body. */
export function readNewHost(body: Readonly<Record<string, unknown>>): NewHostInput {
  const personality = checkPersonality(body['personality']);
  const hostname = body['hostname'];
  if (typeof hostname !== 'string' || hostname === '') throw invalid('hostname is required', { field: 'hostname' });
  const mac = body['mgmt_mac'];
  if (mac !== undefined && mac !== null && typeof mac !== 'string') throw invalid('mgmt_mac must be text', { field: 'mgmt_mac' });
  const serial = body['serialid'];
  if (serial !== undefined && serial !== null && (typeof serial !== 'string' || serial.length > 255)) {
    throw invalid('serialid must be text of at most 255 characters', { field: 'serialid' });
  }
  return {
    hostname: checkHostname(hostname, personality),
    personality,
    mgmtMac: typeof mac === 'string' && mac !== '' ? normalizeMac(mac) : null,
    serialId: typeof serial === 'string' && serial !== '' ? serial : null,
    location: locationOf(body['location']),
  };
}
