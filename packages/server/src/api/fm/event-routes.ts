import { AppError } from '@murmuration/core/common';
import { EventCollection, EventListQuery, EventObject, FmIdParam } from '@murmuration/core/contract/fault';
import type { EventState } from '@murmuration/core/fault';
import type { FaultService } from '../../services/fault/index.js';
import { hostUrl, type Api } from '../api-types.js';
import { nextLink } from '../paginate.js';
import { fmFlag, parseFilters, sortDirection } from './fm-query.js';
import { eventObject } from './fm-views.js';

const tags = ['fm'];
const EVENT_FILTERS = ['uuid', 'event_log_id', 'event_log_type', 'entity_type_id', 'entity_instance_id', 'severity', 'start', 'end'] as const;
const DEFAULT_LIMIT = 2000;
const MAX_LIMIT = 10_000;

/** fm v1 event log: newest first, alarms or logs only, masked alarm ids left out unless asked. */
export function eventRoutes(app: Api, deps: { fault: FaultService }): void {
  const { fault } = deps;

  app.get(
    '/v1/event_log',
    { schema: { tags, summary: 'List the event log, newest first', querystring: EventListQuery, response: { 200: EventCollection } } },
    async (request) => {
      const query = request.query;
      const filters = parseFilters(query, EVENT_FILTERS);
      if (query.sort_key !== undefined && query.sort_key !== 'timestamp') {
        throw new AppError('INVALID_INPUT', `sort_key ${query.sort_key} is not sortable; the event log is ordered by timestamp`, { field: 'sort_key' });
      }
      if (sortDirection(query.sort_dir, 'desc') !== 'desc') {
        throw new AppError('INVALID_INPUT', 'the event log is listed newest first only (sort_dir=desc)', { field: 'sort_dir' });
      }
      const alarms = fmFlag(query.alarms);
      const logs = fmFlag(query.logs);
      const states: EventState[] | null = alarms === logs ? null : alarms ? ['set', 'clear'] : ['log'];
      const limit = query.limit === undefined ? DEFAULT_LIMIT : Math.min(query.limit, MAX_LIMIT);
      const page =
        limit === 0
          ? { items: [], more: false }
          : await fault.events.list({
              filter: {
                uuid: filters.text('uuid', 'exact'),
                eventLogId: filters.text('event_log_id', 'text'),
                eventLogType: filters.text('event_log_type', 'exact'),
                entityTypeId: filters.text('entity_type_id', 'text'),
                entityInstanceId: filters.text('entity_instance_id', 'text'),
                severity: filters.text('severity', 'severity'),
                timestamp: filters.times(),
              },
              states,
              includeSuppressed: fmFlag(query.include_suppress),
              limit,
              marker: query.marker ?? null,
            });
      const suppressed = await fault.suppressions.suppressedIds();
      const expand = fmFlag(query.expand);
      const last = page.items.at(-1);
      const next = page.more && last ? nextLink(`${hostUrl(request)}/fm/v1/event_log`, { sort_key: 'timestamp', sort_dir: 'desc', limit, marker: last.uuid }) : undefined;
      return { event_log: page.items.map((e) => eventObject(e, suppressed, expand)), ...(next ? { next } : {}) };
    },
  );

  app.get(
    '/v1/event_log/:id',
    { schema: { tags, summary: 'Show an event-log record', params: FmIdParam, response: { 200: EventObject } } },
    async (request) =>
      eventObject(
        await fault.events.get(request.params.id),
        await fault.suppressions.suppressedIds(),
        true,
      ) as EventObject,
  );
}
