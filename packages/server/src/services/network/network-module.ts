import { serviceModule } from '../../service-module.js';
import { createNetworkService } from './network-service.js';

/** Networks and address pools, served on the sysinv family with the hosts. */
export const networkModule = serviceModule({
  name: 'networks',
  create: ({ store, clock, services }) => createNetworkService({ store, audit: services.audit, clock }),
});
