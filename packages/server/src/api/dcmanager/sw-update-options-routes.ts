import {
  OptionsRefParam, SwUpdateOptionsBody, SwUpdateOptionsList, SwUpdateOptionsObject,
} from '@murmuration/core/contract/dcmanager-orchestration';
import Type from 'typebox';
import type { DcOrchestrationService } from '../../services/dc-orchestration/index.js';
import type { Api } from '../api-types.js';
import { optionsObject } from './strategy-view.js';

const tags = ['dcmanager'];

/** `/v1.0/sw-update-options` (`dcmanager strategy-config list|show|update|delete`); SystemController: defaults. */
export function swUpdateOptionsRoutes(app: Api, service: DcOrchestrationService): void {
  app.get(
    '/v1.0/sw-update-options',
    { schema: { tags, summary: 'List the defaults, then every subcloud\'s own options', response: { 200: SwUpdateOptionsList } } },
    async () => ({ 'sw-update-options': (await service.listOptions()).map(optionsObject) }),
  );

  app.get(
    '/v1.0/sw-update-options/:ref',
    { schema: { tags, summary: 'Show a subcloud\'s options, or the defaults', params: OptionsRefParam, response: { 200: SwUpdateOptionsObject } } },
    async (request) => optionsObject(await service.getOptions(request.params.ref)),
  );

  app.post(
    '/v1.0/sw-update-options/:ref',
    {
      schema: {
        tags, summary: 'Set a subcloud\'s options, or the defaults', params: OptionsRefParam,
        body: Type.Union([SwUpdateOptionsBody, Type.Null()]), response: { 200: SwUpdateOptionsObject },
      },
    },
    async (request) => {
      const body = request.body !== null && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : null;
      return optionsObject(await service.putOptions(request.ctx, request.params.ref, body));
    },
  );

  app.delete(
    '/v1.0/sw-update-options/:ref',
    { schema: { tags, summary: 'Delete a subcloud\'s options, or the defaults', params: OptionsRefParam, response: { 200: Type.Null() } } },
    async (request) => {
      await service.deleteOptions(request.ctx, request.params.ref);
      return null;
    },
  );
}
