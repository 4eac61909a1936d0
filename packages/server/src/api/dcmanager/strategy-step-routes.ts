import {
  CloudNameParam, StrategyStepList, StrategyStepListQuery, StrategyStepObject,
} from '@murmuration/core/contract/dcmanager-orchestration';
import type { DcOrchestrationService } from '../../services/dc-orchestration/index.js';
import type { Api } from '../api-types.js';
import { STREAM_PAGE, jsonListStream, streamedList } from './json-list-stream.js';
import { stepObject } from './strategy-view.js';

const tags = ['dcmanager'];

/**
 * `/v1.0/sw-update-strategy/steps` (`dcmanager strategy-step list|show`): one step per subcloud, in order, the
 * whole list streamed page by page from the database; `?limit=&marker=` pages it (`next_marker` the marker of the
 * page after).
 */
export function strategyStepRoutes(app: Api, service: DcOrchestrationService): void {
  app.get(
    '/v1.0/sw-update-strategy/steps',
    { schema: { tags, summary: 'List the strategy\'s steps', querystring: StrategyStepListQuery, response: { 200: streamedList(StrategyStepList) } } },
    async (request, reply) => {
      const { limit, marker } = request.query;
      if (limit !== undefined) {
        const page = await service.listSteps({ afterId: marker, limit });
        const last = page[page.length - 1];
        return { 'strategy-steps': page.map(stepObject), next_marker: page.length === limit && last ? last.position + 1 : null };
      }
      const stream = jsonListStream(
        'strategy-steps',
        (after) => service.listSteps({ afterId: after ?? marker, limit: STREAM_PAGE }),
        (r) => r.position + 1,
        stepObject,
      );
      return reply.type('application/json; charset=utf-8').send(stream);
    },
  );

  app.get(
    '/v1.0/sw-update-strategy/steps/:cloud',
    { schema: { tags, summary: 'Show a subcloud\'s step', params: CloudNameParam, response: { 200: StrategyStepObject } } },
    async (request) => stepObject(await service.getStep(request.params.cloud)),
  );
}
