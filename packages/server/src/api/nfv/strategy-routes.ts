import {
  StrategyActionBody, StrategyCreateBody, StrategyDeleteBody, StrategyReply,
} from '@murmuration/core/contract/orchestration';
import type { StrategyAction, StrategyService } from '../../services/orchestration/index.js';
import { NoContent, type Api } from '../api-types.js';
import { strategyView } from './strategy-view.js';

const tags = ['nfv'];
const BASE = '/api/orchestration/sw-upgrade/strategy';

/** The VIM's sw-deploy strategy (`sw-manager sw-deploy-strategy …`) under `/nfv/api/orchestration/sw-upgrade`. */
export function strategyRoutes(app: Api, deps: { strategies: StrategyService }): void {
  const { strategies } = deps;

  app.get(BASE, { schema: { tags, summary: 'The sw-deploy strategy, or null when there is none', response: { 200: StrategyReply } } }, async () => {
    const strategy = await strategies.get();
    return { strategy: strategy ? strategyView(strategy) : null };
  });

  app.post(
    BASE,
    { schema: { tags, summary: 'Create (build) the sw-deploy strategy for a release: stages and steps for every host that does not run it yet', body: StrategyCreateBody, response: { 200: StrategyReply } } },
    async (request) => ({ strategy: strategyView(await strategies.create(request.ctx, request.body)) }),
  );

  app.post(
    `${BASE}/actions`,
    {
      config: { status: 202 },
      schema: { tags, summary: 'apply-all, apply-stage (up to stage-id), abort or abort-stage (the whole strategy: the step under way finishes first)', body: StrategyActionBody, response: { 202: StrategyReply } },
    },
    async (request, reply) => {
      const stage = request.body['stage-id'];
      const updated = await strategies.act(
        request.ctx,
        request.body.action as StrategyAction,
        stage === undefined || stage === null ? null : Number(stage),
      );
      return reply.code(202).send({ strategy: strategyView(updated) });
    },
  );

  app.delete(
    BASE,
    { config: { status: 204 }, schema: { tags, summary: 'Delete the strategy (force: even while it runs)', body: StrategyDeleteBody, response: NoContent } },
    async (request, reply) => {
      await strategies.remove(request.ctx, request.body?.force === true);
      return reply.code(204).send();
    },
  );
}
