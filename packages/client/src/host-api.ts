import type {
  CpuObject, DiskObject, EthernetPortObject, HostObject, InterfaceObject, MemoryObject, NodeObject, PortObject,
} from '@murmuration/core/contract/inventory';
import type { LabelObject } from '@murmuration/core/contract/network';
import type { ServiceType } from '@murmuration/core/identity';
import type { JsonPatchOperation, HostAction } from '@murmuration/core/inventory';
import type { Session } from './session.js';

const SERVICE: ServiceType = 'platform';
const ref = (host: string): string => encodeURIComponent(host);

/** sysinv hosts and what their agents reported (`system host-*`). */
export class HostApi {
  constructor(private readonly session: Session) {}

  async list(): Promise<HostObject[]> {
    return (await this.session.json<{ ihosts: HostObject[] }>(SERVICE, { method: 'GET', path: '/ihosts' })).ihosts;
  }

  /** A host by uuid, id or hostname. */
  async get(host: string): Promise<HostObject> {
    return this.session.json<HostObject>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}` });
  }

  async add(body: Readonly<Record<string, unknown>>): Promise<HostObject> {
    return this.session.json<HostObject>(SERVICE, { method: 'POST', path: '/ihosts', body });
  }

  async patch(host: string, operations: readonly JsonPatchOperation[]): Promise<HostObject> {
    return this.session.json<HostObject>(SERVICE, { method: 'PATCH', path: `/ihosts/${ref(host)}`, body: operations });
  }

  async action(host: string, action: HostAction): Promise<HostObject> {
    return this.patch(host, [{ op: 'replace', path: '/action', value: action }]);
  }

  async remove(host: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/ihosts/${ref(host)}` });
  }

  async nodes(host: string): Promise<NodeObject[]> {
    return (await this.session.json<{ inodes: NodeObject[] }>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}/inodes` })).inodes;
  }

  async cpus(host: string): Promise<CpuObject[]> {
    return (await this.session.json<{ icpus: CpuObject[] }>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}/icpus` })).icpus;
  }

  async memory(host: string): Promise<MemoryObject[]> {
    return (await this.session.json<{ imemorys: MemoryObject[] }>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}/imemorys` })).imemorys;
  }

  async disks(host: string): Promise<DiskObject[]> {
    return (await this.session.json<{ idisks: DiskObject[] }>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}/idisks` })).idisks;
  }

  async ports(host: string): Promise<PortObject[]> {
    return (await this.session.json<{ ports: PortObject[] }>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}/ports` })).ports;
  }

  async ethernetPorts(host: string): Promise<EthernetPortObject[]> {
    return (await this.session.json<{ ethernet_ports: EthernetPortObject[] }>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}/ethernet_ports` })).ethernet_ports;
  }

  async interfaces(host: string): Promise<InterfaceObject[]> {
    return (await this.session.json<{ iinterfaces: InterfaceObject[] }>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}/iinterfaces` })).iinterfaces;
  }

  async interfacePorts(interfaceUuid: string): Promise<PortObject[]> {
    return (await this.session.json<{ ports: PortObject[] }>(SERVICE, { method: 'GET', path: `/iinterfaces/${ref(interfaceUuid)}/ports` })).ports;
  }

  async labels(host: string): Promise<LabelObject[]> {
    return (await this.session.json<{ labels: LabelObject[] }>(SERVICE, { method: 'GET', path: `/ihosts/${ref(host)}/labels` })).labels;
  }

  async assignLabels(
    host: string,
    labels: Readonly<Record<string, string>>,
    overwrite: boolean,
  ): Promise<LabelObject[]> {
    return (await this.session.json<{ labels: LabelObject[] }>(SERVICE, { method: 'POST', path: `/labels/${ref(host)}${overwrite ? '?overwrite=True' : ''}`, body: labels })).labels;
  }

  async removeLabel(uuid: string): Promise<void> {
    await this.session.request(SERVICE, { method: 'DELETE', path: `/labels/${ref(uuid)}` });
  }
}
