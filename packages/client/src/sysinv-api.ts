import type { SystemObject } from '@murmuration/core/contract/inventory';
import type { ServiceType } from '@murmuration/core/identity';
import type { JsonPatchOperation } from '@murmuration/core/inventory';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'platform';

/** sysinv resources (the `system` commands). */
export class SysinvApi {
  constructor(private readonly session: Session) {}

  async listSystems(): Promise<SystemObject[]> {
    return (await this.session.json<{ isystems: SystemObject[] }>(SERVICE, { method: 'GET', path: '/isystems' })).isystems;
  }

  async patchSystem(uuid: string, operations: readonly JsonPatchOperation[]): Promise<SystemObject> {
    return this.session.json<SystemObject>(SERVICE, { method: 'PATCH', path: `/isystems/${encodeURIComponent(uuid)}`, body: operations });
  }
}
