import { serviceModule } from '../../service-module.js';
import { createEnrollmentService } from './enrollment-service.js';

/** Bootstrap tokens and host credentials: how a host's agent joins, on the agent family and its channel. */
export const enrollmentModule = serviceModule({
  name: 'enrollment',
  create: ({ store, clock, services: { audit, hosts } }) => createEnrollmentService({ store, audit, hosts, clock }),
});
