export { createReleaseService } from './release-service.js';
export type { ReleaseService } from './release-service.js';
export { loadReleaseSigningKey, SIGNING_KEY_FILE } from './release-signing-key.js';
export type { ReleaseRecord } from '@murmuration/store';
export { createDeployService } from './deploy-service.js';
export type { DeployService } from './deploy-service.js';
export { hostReleaseSection } from './host-release-section.js';
export { SOFTWARE_CONFIG } from './software-config.js';
export type { SoftwareConfig } from './software-config.js';
