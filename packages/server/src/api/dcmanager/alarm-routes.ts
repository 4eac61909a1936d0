import { AlarmSummaryList } from '@murmuration/core/contract/dcmanager';
import type { DcManagerService } from '../../services/dc-manager/index.js';
import type { Api } from '../api-types.js';
import { STREAM_PAGE, jsonListStream, streamedList } from './json-list-stream.js';
import { alarmSummaryObject } from './subcloud-view.js';

/** `GET /v1.0/alarms/` (`dcmanager alarm summary`): every subcloud's alarm counts, newest subcloud first. */
export function alarmRoutes(app: Api, service: DcManagerService): void {
  app.get(
    '/v1.0/alarms',
    { schema: { tags: ['dcmanager'], summary: 'The alarm summary of every subcloud', response: { 200: streamedList(AlarmSummaryList) } } },
    async (_request, reply) => {
      const stream = jsonListStream('alarm_summary', (before) => service.alarmSummary(before, STREAM_PAGE), (r) => r.id, alarmSummaryObject);
      return reply.type('application/json; charset=utf-8').send(stream);
    },
  );
}
