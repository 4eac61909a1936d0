import { AppError } from '@murmuration/core/common';
import {
  AlarmCollection, AlarmListQuery, AlarmObject, AlarmPostBody, AlarmShowQuery, AlarmSummary, FmIdParam, SummaryQuery,
} from '@murmuration/core/contract/fault';
import { isAlarmId, summaryStatus, type AlarmChangeResult, type RaiseInput } from '@murmuration/core/fault';
import Type from 'typebox';
import type { AuditNote } from '../../services/audit/index.js';
import { ALARM_SORT_KEYS, type ChangeAudit, type FaultService } from '../../services/fault/index.js';
import { hostUrl, NoContent, type Api } from '../api-types.js';
import { nextLink, sortKeyOf } from '../paginate.js';
import type { FastifyRequest } from 'fastify';
import { fmFlag, parseFilters, sortDirection } from './fm-query.js';
import { alarmObject } from './fm-views.js';

const tags = ['fm'];
const ALARM_FILTERS = ['uuid', 'alarm_id', 'entity_type_id', 'entity_instance_id', 'severity', 'alarm_type'] as const;
/** fm's page size: the default and the most one request returns. */
export const FM_LIMIT_MAX = 2000;

function optionalBool(field: string, value: boolean | string | undefined): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new AppError('INVALID_INPUT', `${field} must be True or False, got ${value}`, { field });
}

function audited(request: FastifyRequest, note: (result: AlarmChangeResult) => AuditNote): ChangeAudit {
  return { ctx: request.ctx, note };
}

/** `{"uuid": "…"}` as a JSON string, the way fm answers a POST. */
function uuidReply(uuid: string): string {
  return JSON.stringify(`{"uuid": "${uuid}"}`);
}

/** fm v1 alarms: list, show, delete, summary, and POST for external raisers. */
export function alarmRoutes(app: Api, deps: { fault: FaultService }): void {
  const { fault } = deps;

  app.get(
    '/v1/alarms',
    { schema: { tags, summary: 'List active alarms (masked, silenced and inhibited ones only with include_suppress)', querystring: AlarmListQuery, response: { 200: AlarmCollection } } },
    async (request) => {
      const query = request.query;
      const filters = parseFilters(query, ALARM_FILTERS);
      const sortKey = sortKeyOf(query.sort_key ?? 'severity', ALARM_SORT_KEYS);
      const descending = sortDirection(query.sort_dir, 'asc') === 'desc';
      const limit = query.limit === undefined || query.limit === 0 ? FM_LIMIT_MAX : Math.min(query.limit, FM_LIMIT_MAX);
      const page = await fault.alarms.list({
        filter: {
          uuid: filters.text('uuid', 'exact'),
          alarmId: filters.text('alarm_id', 'text'),
          entityTypeId: filters.text('entity_type_id', 'text'),
          entityInstanceId: filters.text('entity_instance_id', 'text'),
          severity: filters.text('severity', 'severity'),
          alarmType: filters.text('alarm_type', 'text'),
        },
        includeSuppressed: fmFlag(query.include_suppress),
        sortKey,
        descending,
        limit,
        marker: query.marker ?? null,
      });
      const options = { expand: fmFlag(query.expand), muting: fmFlag(query.muting) };
      const last = page.items.at(-1);
      // Only when more alarms follow: a full last page does not send clients for an empty one.
      const next =
        page.more && last
          ? nextLink(`${hostUrl(request)}/fm/v1/alarms`, { sort_key: sortKey, sort_dir: descending ? 'desc' : 'asc', limit, marker: last.alarm.uuid })
          : undefined;
      return { alarms: page.items.map((v) => alarmObject(v, options)), ...(next ? { next } : {}) };
    },
  );

  app.get(
    '/v1/alarms/summary',
    { schema: { tags, summary: 'Active alarm counts by severity and the overall status', querystring: SummaryQuery, response: { 200: AlarmSummary } } },
    async (request) => {
      const counts = await fault.alarms.summary(fmFlag(request.query.include_suppress));
      return { ...counts, status: summaryStatus(counts) };
    },
  );

  app.get(
    '/v1/alarms/:id',
    {
      schema: {
        tags,
        summary: 'Show an alarm',
        params: FmIdParam,
        querystring: AlarmShowQuery,
        response: { 200: AlarmObject },
      },
    },
    async (request) =>
      alarmObject(await fault.alarms.get(request.params.id), {
        expand: true,
        muting: fmFlag(request.query.muting),
      }) as AlarmObject,
  );

  app.delete(
    '/v1/alarms/:id',
    { config: { status: 204 }, schema: { tags, summary: 'Delete an alarm (records its clear in the event log)', params: FmIdParam, response: NoContent } },
    async (request, reply) => {
      const uuid = request.params.id;
      await fault.alarms.delete(
        uuid,
        audited(request, (result) => (result.kind === 'clear' && result.cleared.length > 0 ? { target: `alarm/${uuid}` } : { target: `alarm/${uuid}`, outcome: 404, detail: 'NOT_FOUND' })),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/v1/alarms',
    {
      schema: {
        tags,
        summary: 'Raise (set), clear or log an alarm, as fm agents do; answers with the uuid',
        body: AlarmPostBody,
        response: { 200: Type.String({ description: 'a JSON string holding {"uuid": "…"}' }) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const state = body.alarm_state;
      if (!isAlarmId(body.alarm_id)) throw new AppError('INVALID_INPUT', `alarm_id "${body.alarm_id}" is not of the form NNN.NNN`, { field: 'alarm_id' });
      const target = `alarm/${body.alarm_id}/${body.entity_instance_id}`;
      const input: RaiseInput = {
        alarmId: body.alarm_id,
        entityInstanceId: body.entity_instance_id,
        severity: body.severity ?? '',
        reasonText: body.reason_text,
        entityTypeId: body.entity_type_id,
        alarmType: body.alarm_type,
        probableCause: body.probable_cause,
        repairAction: body.proposed_repair_action,
        serviceAffecting: optionalBool('service_affecting', body.service_affecting),
        suppression: optionalBool('suppression', body.suppression),
        inhibitsBelow: body.inhibit_alarms,
      };
      void reply.type('application/json');
      switch (state) {
        case 'set': {
          if (body.severity === undefined) throw new AppError('INVALID_INPUT', 'severity is required to set an alarm', { field: 'severity' });
          const alarm = await fault.raise(input, audited(request, () => ({ target, detail: `set ${body.severity}` })));
          return uuidReply(alarm.uuid);
        }
        case 'clear': {
          const notActive = { target, outcome: 404, detail: 'NOT_FOUND: not active' };
          if (body.uuid !== undefined && body.uuid !== '') {
            const cleared = await fault.alarms.delete(body.uuid, audited(request, (r) => (r.kind === 'clear' && r.cleared.length > 0 ? { target, detail: 'clear' } : notActive)));
            return uuidReply(cleared.uuid);
          }
          const cleared = await fault.clear(body.alarm_id, body.entity_instance_id, audited(request, (r) => (r.kind === 'clear' && r.cleared.length > 0 ? { target, detail: 'clear' } : notActive)));
          if (!cleared) throw new AppError('NOT_FOUND', `Alarm ${body.alarm_id} on ${body.entity_instance_id} is not active.`, { field: 'entity_instance_id' });
          return uuidReply(cleared.uuid);
        }
        case 'log':
        case 'msg': {
          if (body.severity === undefined) throw new AppError('INVALID_INPUT', 'severity is required to log an event', { field: 'severity' });
          const event = await fault.log(input, audited(request, () => ({ target, detail: 'log' })));
          return uuidReply(event.uuid);
        }
        default:
          throw new AppError('INVALID_INPUT', `alarm_state ${state} is not one of set, clear, log, msg`, { field: 'alarm_state' });
      }
    },
  );
}
