import type { Clock } from '@murmuration/core';
import type { Registry } from 'prom-client';
import Type from 'typebox';
import type { FaultService } from '../../services/fault/index.js';
import { hostUrl, type Api } from '../api-types.js';
import { alarmRoutes } from './alarm-routes.js';
import { eventRoutes } from './event-routes.js';
import { registerFaultMetrics } from './fm-metrics.js';
import { receiverRoutes } from './receiver-routes.js';
import { silenceRoutes } from './silence-routes.js';
import { streamRoutes } from './stream-routes.js';
import { suppressionRoutes } from './suppression-routes.js';

const VersionLinks = Type.Array(Type.Object({ href: Type.String(), rel: Type.String() }));
const FmRoot = Type.Object({
  name: Type.String(),
  description: Type.String(),
  default_version: Type.Object({ id: Type.String(), links: VersionLinks }),
  versions: Type.Array(Type.Object({ id: Type.String(), links: VersionLinks })),
});

/** Fault management under `/fm`: StarlingX fm v1, plus silences, receivers and the event stream. */
export function fmRoutes(app: Api, deps: { fault: FaultService; clock: Clock; registry: Registry }): void {
  app.get('/fm', { config: { access: 'public' }, schema: { tags: ['fm'], summary: 'fm API versions', response: { 200: FmRoot } } }, async (request) => {
    const links = [{ href: `${hostUrl(request)}/fm/v1/`, rel: 'self' }];
    return {
      name: 'Murmuration Fault Management API',
      description: 'Alarms, event log and suppression, compatible with the StarlingX fm v1 API, with silences, receivers and an event stream.',
      default_version: { id: 'v1', links },
      versions: [{ id: 'v1', links }],
    };
  });
  alarmRoutes(app, deps);
  eventRoutes(app, deps);
  suppressionRoutes(app, deps);
  silenceRoutes(app, deps);
  receiverRoutes(app, deps);
  streamRoutes(app, deps);
  registerFaultMetrics(deps.registry, deps.fault);
}
