export { centralSyncState, CENTRAL_SYNC_STATE_TTL_MS } from './central-sync-state.js';
export type { CentralSyncSnapshot, CentralSyncState } from './central-sync-state.js';
export { subcloudSyncPush } from './subcloud-sync-push.js';
export type { SubcloudSyncPush, SyncPushResult } from './subcloud-sync-push.js';
