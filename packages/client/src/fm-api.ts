import type {
  AlarmCollection, AlarmListItem, AlarmObject, AlarmSummary, EventCollection, EventListItem, EventObject,
  ReceiverCollection, ReceiverCreateBody, ReceiverObject, ReceiverUpdateBody, SilenceCollection, SilenceCreateBody,
  SilenceObject, SuppressionCollection, SuppressionObject,
} from '@murmuration/core/contract/fault';
import type { SilenceState, SuppressionStatus } from '@murmuration/core/fault';
import type { ServiceType } from '@murmuration/core/identity';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'faultmanagement';

export type FmQueryOp = 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt';

/** One fm filter term; fm sends the terms as parallel `q.field`, `q.op`, `q.type`, `q.value` lists. */
export interface FmQuery {
  readonly field: string;
  readonly op: FmQueryOp;
  /** `string`, `integer`, … or '' when the value carries no type. */
  readonly type: string;
  readonly value: string;
}

type Params = ReadonlyArray<readonly [string, string]>;

/** fmclient's encoding: every q.field, then every q.op, q.type and q.value, then the other parameters. */
function queryString(q: readonly FmQuery[], params: Params): string {
  const pairs: Params = [
    ...q.map((t) => ['q.field', t.field] as const),
    ...q.map((t) => ['q.op', t.op] as const),
    ...q.map((t) => ['q.type', t.type] as const),
    ...q.map((t) => ['q.value', t.value] as const),
    ...params,
  ];
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

const PAGING = ['sort_key', 'sort_dir', 'limit', 'marker'];

/**
 * The paging parameters of a `next` link. The link is requested under the catalog's endpoint
 * (its host is whatever the server saw), and the filters are sent again with it: fm's `next`
 * carries only sort_key, sort_dir, limit and marker.
 */
function pagingOf(next: string): Array<[string, string]> {
  const params: Array<[string, string]> = [];
  new URL(next, 'http://next.invalid').searchParams.forEach((value, key) => {
    if (PAGING.includes(key)) params.push([key, value]);
  });
  return params;
}

const flag = (name: string, on: boolean | undefined): Params => (on ? [[name, 'True']] : []);
const id = encodeURIComponent;

export interface AlarmListOptions {
  readonly q?: readonly FmQuery[];
  readonly includeSuppress?: boolean;
}

export interface EventListOptions {
  readonly q?: readonly FmQuery[];
  /** At most this many records (pages are followed to reach it); without it, the server's first page. */
  readonly limit?: number;
  readonly alarms?: boolean;
  readonly logs?: boolean;
  readonly includeSuppress?: boolean;
}

/** Fault management (`fm`): alarms, the event log, suppression, silences and receivers. */
export class FmApi {
  constructor(private readonly session: Session) {}

  private get<T>(path: string): Promise<T> {
    return this.session.json<T>(SERVICE, { method: 'GET', path });
  }

  /** Every active alarm, following the server's pages. */
  async listAlarms(options: AlarmListOptions = {}): Promise<AlarmListItem[]> {
    const base = flag('include_suppress', options.includeSuppress);
    const alarms: AlarmListItem[] = [];
    const markers = new Set<string>();
    let paging: Params = [];
    for (;;) {
      const page = await this.get<AlarmCollection>(`/v1/alarms${queryString(options.q ?? [], [...base, ...paging])}`);
      alarms.push(...page.alarms);
      if (page.next === undefined || page.alarms.length === 0) return alarms;
      paging = pagingOf(page.next);
      const marker = paging.find(([k]) => k === 'marker')?.[1] ?? '';
      if (markers.has(marker)) return alarms;
      markers.add(marker);
    }
  }

  async getAlarm(uuid: string): Promise<AlarmObject> {
    return this.get<AlarmObject>(`/v1/alarms/${id(uuid)}`);
  }

  async deleteAlarm(uuid: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/v1/alarms/${id(uuid)}` });
  }

  async summary(includeSuppress = false): Promise<AlarmSummary> {
    return this.get<AlarmSummary>(`/v1/alarms/summary${queryString([], flag('include_suppress', includeSuppress))}`);
  }

  /** The event log, newest first: the server's first page, or up to `limit` records over several pages. */
  async listEvents(options: EventListOptions = {}): Promise<EventListItem[]> {
    const { limit } = options;
    const base: Params = [...flag('alarms', options.alarms), ...flag('logs', options.logs), ...flag('include_suppress', options.includeSuppress)];
    const events: EventListItem[] = [];
    let paging: Params = limit !== undefined ? [['limit', String(limit)]] : [];
    for (;;) {
      const page = await this.get<EventCollection>(`/v1/event_log${queryString(options.q ?? [], [...paging, ...base])}`);
      events.push(...page.event_log);
      if (limit === undefined || events.length >= limit || page.next === undefined || page.event_log.length === 0) {
        return limit === undefined ? events : events.slice(0, limit);
      }
      paging = [...pagingOf(page.next).filter(([k]) => k !== 'limit'), ['limit', String(limit - events.length)]];
    }
  }

  async getEvent(uuid: string): Promise<EventObject> {
    return this.get<EventObject>(`/v1/event_log/${id(uuid)}`);
  }

  async listSuppressions(q: readonly FmQuery[] = []): Promise<SuppressionObject[]> {
    return (await this.get<SuppressionCollection>(`/v1/event_suppression${queryString(q, [])}`)).event_suppression;
  }

  async setSuppression(uuid: string, status: SuppressionStatus): Promise<SuppressionObject> {
    return this.session.json<SuppressionObject>(SERVICE, {
      method: 'PATCH',
      path: `/v1/event_suppression/${id(uuid)}`,
      body: [{ op: 'replace', path: '/suppression_status', value: status }],
    });
  }

  async createSilence(silence: SilenceCreateBody): Promise<SilenceObject> {
    return this.session.json<SilenceObject>(SERVICE, { method: 'POST', path: '/v1/silences', body: silence });
  }

  async listSilences(states: readonly SilenceState[] = []): Promise<SilenceObject[]> {
    const params: Params = states.length > 0 ? [['state', states.join(',')]] : [];
    return (await this.get<SilenceCollection>(`/v1/silences${queryString([], params)}`)).silences;
  }

  async getSilence(uuid: string): Promise<SilenceObject> {
    return this.get<SilenceObject>(`/v1/silences/${id(uuid)}`);
  }

  /** Ends a silence now; it stays listed as expired. */
  async expireSilence(uuid: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/v1/silences/${id(uuid)}` });
  }

  async createReceiver(receiver: ReceiverCreateBody): Promise<ReceiverObject> {
    return this.session.json<ReceiverObject>(SERVICE, { method: 'POST', path: '/v1/receivers', body: receiver });
  }

  async listReceivers(): Promise<ReceiverObject[]> {
    return (await this.get<ReceiverCollection>('/v1/receivers')).receivers;
  }

  /** A receiver by uuid or name. */
  async getReceiver(uuidOrName: string): Promise<ReceiverObject> {
    return this.get<ReceiverObject>(`/v1/receivers/${id(uuidOrName)}`);
  }

  /** Changes a receiver's type, URL or fleet-wide flag, by uuid or name. */
  async updateReceiver(uuidOrName: string, change: ReceiverUpdateBody): Promise<ReceiverObject> {
    return this.session.json<ReceiverObject>(SERVICE, { method: 'PATCH', path: `/v1/receivers/${id(uuidOrName)}`, body: change });
  }

  async deleteReceiver(uuidOrName: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/v1/receivers/${id(uuidOrName)}` });
  }
}
