import type { ApiPlugin } from './api-family.js';
import { agentApi } from './agent/agent-api.js';
import { auditApi } from './audit/audit-api.js';
import { fmApi } from './fm/fm-api.js';
import { identityApi } from './identity/identity-api.js';
import { nfvApi } from './nfv/nfv-api.js';
import { sysinvApi } from './sysinv/sysinv-api.js';
import { usmApi } from './usm/usm-api.js';

/** Every API family the port serves, registered in this order; a new family is one line here. */
export const API_PLUGINS: readonly ApiPlugin[] = [identityApi, sysinvApi, usmApi, nfvApi, agentApi, auditApi, fmApi];
