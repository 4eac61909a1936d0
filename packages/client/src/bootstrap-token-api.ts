import type {
  BootstrapTokenCollection, BootstrapTokenCreated, BootstrapTokenObject,
} from '@murmuration/core/contract/agents';
import type { ServiceType } from '@murmuration/core/identity';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'platform';

/** One-time tokens with which host agents join (`system host-bootstrap-token …`). */
export class BootstrapTokenApi {
  constructor(private readonly session: Session) {}

  async create(options: { description?: string; expiresInSeconds?: number } = {}): Promise<BootstrapTokenCreated> {
    return this.session.json<BootstrapTokenCreated>(SERVICE, {
      method: 'POST',
      path: '/host_bootstrap_tokens',
      body: {
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.expiresInSeconds !== undefined ? { expires_in: options.expiresInSeconds } : {}),
      },
    });
  }

  async list(): Promise<BootstrapTokenObject[]> {
    return (await this.session.json<BootstrapTokenCollection>(SERVICE, { method: 'GET', path: '/host_bootstrap_tokens' })).host_bootstrap_tokens;
  }

  async remove(uuid: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/host_bootstrap_tokens/${encodeURIComponent(uuid)}` });
  }
}
