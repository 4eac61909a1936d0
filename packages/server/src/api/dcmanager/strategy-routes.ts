import {
  FleetStrategyActionBody, FleetStrategyCreateBody, FleetStrategyObject, FleetStrategyTypeQuery,
} from '@murmuration/core/contract/dcmanager-orchestration';
import Type from 'typebox';
import type { DcOrchestrationService } from '../../services/dc-orchestration/index.js';
import type { Api } from '../api-types.js';
import { strategyObject } from './strategy-view.js';

const tags = ['dcmanager'];
/** A JSON object body as the service reads it, or null for anything else. */
export const body = (value: unknown) => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/**
 * `/v1.0/sw-update-strategy` as `dcmanager sw-deploy-strategy create|show|apply|abort|delete` calls it: one
 * strategy at a time, `?type=` on show, delete and the actions.
 */
export function strategyRoutes(app: Api, service: DcOrchestrationService): void {
  app.post(
    '/v1.0/sw-update-strategy',
    {
      schema: {
        tags, summary: 'Create the strategy across subclouds (type sw-deploy; canary, soak and max-failures besides)',
        body: Type.Union([FleetStrategyCreateBody, Type.Null()]), response: { 200: FleetStrategyObject },
      },
    },
    async (request) => strategyObject(await service.createStrategy(request.ctx, body(request.body)), 'rpc'),
  );

  app.get(
    '/v1.0/sw-update-strategy',
    { schema: { tags, summary: 'Show the strategy', querystring: FleetStrategyTypeQuery, response: { 200: FleetStrategyObject } } },
    async (request) => strategyObject(await service.getStrategy(request.query.type), 'row'),
  );

  app.delete(
    '/v1.0/sw-update-strategy',
    { schema: { tags, summary: 'Delete the strategy', querystring: FleetStrategyTypeQuery, response: { 200: FleetStrategyObject } } },
    async (request) => strategyObject(await service.deleteStrategy(request.ctx, request.query.type), 'rpc'),
  );

  app.post(
    '/v1.0/sw-update-strategy/actions',
    {
      schema: {
        tags, summary: 'Apply or abort the strategy', querystring: FleetStrategyTypeQuery,
        body: Type.Union([FleetStrategyActionBody, Type.Null()]),
        response: { 200: Type.Union([FleetStrategyObject, Type.Null()]) },
      },
    },
    async (request) => {
      const done = await service.actOnStrategy(request.ctx, request.query.type, body(request.body));
      return done === null ? null : strategyObject(done, 'rpc');
    },
  );
}
