export { createController, openDataDirAdmin } from './app.js';
export type { Controller, ControllerOptions, DataDirAdmin, FirstStart } from './app.js';
export { compileConfig, ConfigError, DEFAULT_LISTEN, DEFAULT_HASH_COST } from './config.js';
export type { HashCost, RawConfig, ServerConfig } from './config.js';
export { createLogger } from './runtime/logger.js';
export { runControllerCommand } from './main.js';
export { syncDigest } from './services/dc-agent/index.js';
export { centralSyncState, CENTRAL_SYNC_STATE_TTL_MS, subcloudSyncPush } from './services/dc-manager/index.js';
export type { CentralSyncSnapshot, CentralSyncState, SubcloudSyncPush, SyncPushResult } from './services/dc-manager/index.js';
