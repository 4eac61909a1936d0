export { createController, openDataDirAdmin } from './app.js';
export type { Controller, ControllerOptions, DataDirAdmin, FirstStart } from './app.js';
export { compileConfig, ConfigError, DEFAULT_LISTEN, DEFAULT_HASH_COST } from './config.js';
export type { HashCost, RawConfig, ServerConfig } from './config.js';
export { createLogger } from './runtime/logger.js';
export { runControllerCommand } from './main.js';
export { credentialSeal, CREDENTIAL_KEY_FILE } from './services/dc-manager/index.js';
export type { CredentialSeal } from './services/dc-manager/index.js';
