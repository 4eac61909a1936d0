import type { AddressPoolObject, NetworkObject, PoolAddressObject } from '@murmuration/core/contract/network';
import type { ServiceType } from '@murmuration/core/identity';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'platform';

/** sysinv address pools and networks (`system addrpool-*`, `network-*`). */
export class NetworkApi {
  constructor(private readonly session: Session) {}

  async pools(): Promise<AddressPoolObject[]> {
    return (await this.session.json<{ addrpools: AddressPoolObject[] }>(SERVICE, { method: 'GET', path: '/addrpools' })).addrpools;
  }

  async addPool(body: Readonly<Record<string, unknown>>): Promise<AddressPoolObject> {
    return this.session.json<AddressPoolObject>(SERVICE, { method: 'POST', path: '/addrpools', body });
  }

  async removePool(uuid: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/addrpools/${encodeURIComponent(uuid)}` });
  }

  async allocate(
    poolUuid: string,
    body: { address?: string; name?: string; host_uuid?: string },
  ): Promise<PoolAddressObject> {
    return this.session.json<PoolAddressObject>(SERVICE, { method: 'POST', path: `/addrpools/${encodeURIComponent(poolUuid)}/addresses`, body });
  }

  async networks(): Promise<NetworkObject[]> {
    return (await this.session.json<{ networks: NetworkObject[] }>(SERVICE, { method: 'GET', path: '/networks' })).networks;
  }
}
