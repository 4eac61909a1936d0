export { createNetworkService } from './network-service.js';
export type { AllocationRequest, NetworkService } from './network-service.js';
export { networkModule } from './network-module.js';
