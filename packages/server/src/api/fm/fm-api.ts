import Type from 'typebox';
import type { ApiPlugin } from '../api-family.js';
import { hostUrl } from '../api-types.js';
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

/** Fault management: StarlingX fm v1, plus silences, receivers and the event stream. */
export const fmApi: ApiPlugin = {
  family: 'fm',
  routes(app, { services, clock, registry }) {
    const { fault } = services;
    app.get('/', { config: { access: 'public' }, schema: { tags: ['fm'], summary: 'fm API versions', response: { 200: FmRoot } } }, async (request) => {
      const links = [{ href: `${hostUrl(request)}/fm/v1/`, rel: 'self' }];
      return {
        name: 'Murmuration Fault Management API',
        description: 'Alarms, event log and suppression, compatible with the StarlingX fm v1 API, with silences, receivers and an event stream.',
        default_version: { id: 'v1', links },
        versions: [{ id: 'v1', links }],
      };
    });
    alarmRoutes(app, { fault });
    eventRoutes(app, { fault });
    suppressionRoutes(app, { fault });
    silenceRoutes(app, { fault, clock });
    receiverRoutes(app, { fault });
    streamRoutes(app, { fault });
    registerFaultMetrics(registry, fault);
  },
};
