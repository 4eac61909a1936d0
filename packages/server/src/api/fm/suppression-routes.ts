import { AppError } from '@murmuration/core/common';
import { UuidParam } from '@murmuration/core/contract/common';
import {
  SuppressionCollection, SuppressionListQuery, SuppressionObject, SuppressionPatchBody,
} from '@murmuration/core/contract/fault';
import { passesTextTests, type SuppressionStatus } from '@murmuration/core/fault';
import type { FaultService } from '../../services/fault/index.js';
import { hostUrl, type Api } from '../api-types.js';
import { parseFilters } from './fm-query.js';
import { suppressionObject } from './fm-views.js';

const tags = ['fm'];
const SUPPRESSION_FILTERS = ['uuid', 'alarm_id', 'suppression_status'] as const;
const STATUSES: readonly SuppressionStatus[] = ['suppressed', 'unsuppressed'];
const READ_ONLY = ['/uuid', '/id', '/links', '/created_at', '/updated_at'];

/** The one change a suppression patch may make, checked as fm checks it. */
function statusFromPatch(body: SuppressionPatchBody): SuppressionStatus {
  let status: SuppressionStatus | null = null;
  for (const op of body) {
    if (READ_ONLY.includes(op.path)) throw new AppError('INVALID_INPUT', `'${op.path}' is an internal attribute and can not be updated`, { field: op.path });
    if (op.path === '/alarm_id' || op.path === '/description') {
      throw new AppError('INVALID_INPUT', `event_suppression parameter ${op.path.slice(1)} is not allowed to be updated.`, { field: op.path });
    }
    if (op.path !== '/suppression_status') throw new AppError('INVALID_INPUT', 'event_suppression invalid parameter.', { field: op.path });
    if (op.op === 'remove') throw new AppError('INVALID_INPUT', 'suppression_status cannot be removed', { field: op.path });
    if (op.value === undefined || op.value === null) throw new AppError('INVALID_INPUT', `'${op.op}' operations need a value`, { field: op.path });
    if (!(STATUSES as readonly string[]).includes(op.value)) {
      throw new AppError('INVALID_INPUT', 'Invalid event_suppression parameter suppression_status values. Valid values are: suppressed, unsuppressed', { field: op.path });
    }
    status = op.value as SuppressionStatus;
  }
  return status!;
}

/** fm v1 event suppression: which alarm ids are masked. */
export function suppressionRoutes(app: Api, deps: { fault: FaultService }): void {
  const { fault } = deps;

  app.get(
    '/v1/event_suppression',
    { schema: { tags, summary: 'List event suppression entries (one per alarm id)', querystring: SuppressionListQuery, response: { 200: SuppressionCollection } } },
    async (request) => {
      const filters = parseFilters(request.query, SUPPRESSION_FILTERS);
      const host = hostUrl(request);
      const [uuid, alarmId, status] = (['uuid', 'alarm_id', 'suppression_status'] as const).map((field) => filters.text(field, 'exact'));
      const list = (await fault.suppressions.list()).filter(
        (s) =>
          passesTextTests(uuid, s.uuid) && passesTextTests(alarmId, s.alarmId) && passesTextTests(status, s.status),
      );
      return { event_suppression: list.map((s) => suppressionObject(s, host, false)) };
    },
  );

  app.get(
    '/v1/event_suppression/:uuid',
    { schema: { tags, summary: 'Show an event suppression entry', params: UuidParam, response: { 200: SuppressionObject } } },
    async (request) => {
      const found = (await fault.suppressions.list()).find((s) => s.uuid === request.params.uuid);
      if (!found) throw new AppError('NOT_FOUND', `No event suppression entry found for ${request.params.uuid}`, { id: request.params.uuid });
      return suppressionObject(found, hostUrl(request), true);
    },
  );

  app.patch(
    '/v1/event_suppression/:uuid',
    {
      schema: {
        tags,
        summary: 'Suppress or unsuppress an alarm id: [{"op":"replace","path":"/suppression_status","value":"suppressed"}]',
        params: UuidParam,
        body: SuppressionPatchBody,
        response: { 200: SuppressionObject },
      },
    },
    async (request) => {
      const status = statusFromPatch(request.body);
      const updated = await fault.suppressions.set(request.ctx, request.params.uuid, status);
      return suppressionObject(updated, hostUrl(request), true);
    },
  );
}
