export { createReplicaCaches } from './replica-caches.js';
export type { CacheDrop, CacheTopic, ReplicaCaches } from './replica-caches.js';
