import type {
  DeployHostObject, DeployHostResult, ReleaseObject, UsmActionResult,
} from '@murmuration/core/contract/software';
import type { ServiceType } from '@murmuration/core/identity';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'usm';

/** USM releases (`software upload|list|show|delete`). */
export class SoftwareApi {
  constructor(private readonly session: Session) {}

  async list(state?: string): Promise<ReleaseObject[]> {
    return this.session.json<ReleaseObject[]>(SERVICE, { method: 'GET', path: `/v1/release${state ? `?show=${encodeURIComponent(state)}` : ''}` });
  }

  async show(id: string): Promise<ReleaseObject> {
    return this.session.json<ReleaseObject>(SERVICE, { method: 'GET', path: `/v1/release/${encodeURIComponent(id)}` });
  }

  /** Sends a bundle as it is; the controller verifies it completely before keeping it. */
  async upload(bundle: Uint8Array, fileName: string): Promise<UsmActionResult> {
    return this.session.json<UsmActionResult>(SERVICE, { method: 'POST', path: '/v1/upload', rawBody: bundle, headers: { 'content-type': 'application/gzip', 'x-file-name': fileName } });
  }

  async remove(id: string): Promise<UsmActionResult> {
    return this.session.json<UsmActionResult>(SERVICE, { method: 'DELETE', path: `/v1/release/${encodeURIComponent(id)}` });
  }

  async deployHosts(): Promise<DeployHostObject[]> {
    return this.session.json<DeployHostObject[]>(SERVICE, { method: 'GET', path: '/v1/deploy_host' });
  }

  async deployHost(host: string, release: string): Promise<DeployHostResult> {
    return this.session.json<DeployHostResult>(SERVICE, { method: 'POST', path: `/v1/deploy_host/${encodeURIComponent(host)}`, body: { release } });
  }

  async rollbackHost(host: string): Promise<DeployHostResult> {
    return this.session.json<DeployHostResult>(SERVICE, { method: 'POST', path: `/v1/deploy_host/${encodeURIComponent(host)}/rollback`, body: {} });
  }
}
