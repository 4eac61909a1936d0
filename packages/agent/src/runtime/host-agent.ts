import { AgentApi, type HostAgentApi } from '@murmuration/client';
import { isAppError } from '@murmuration/core/common';
import type {
  AgentConfigDocument, AgentConfigNotice, AgentHello, AgentSoftwareReport, HostInventoryReport,
} from '@murmuration/core/contract/agents';
import { verifyBundle } from '@murmuration/release';
import path from 'node:path';
import WebSocket from 'ws';
import type { AgentLog } from './agent-log.js';
import { loadAgentState, saveAgentState, type AgentState } from './agent-state.js';
import { writeFileAtomic } from './atomic-file.js';
import { InstallFailed, SoftwareSlots } from '../apply/software-slots.js';

export interface HostAgentOptions {
  /** The controller's base URL, `http://host:port`. */
  readonly controller: string;
  /** Where the agent keeps its credential (`agent.json`). */
  readonly stateDir: string;
  /** Where the desired configuration is written. */
  readonly configRoot: string;
  /** Where releases are installed (two slots and the `active` link). */
  readonly softwareRoot: string;
  /** Needed on the first start only, to join. */
  readonly bootstrapToken?: string;
  /** The host to join as; the discovered hostname when not given. */
  readonly hostname?: string;
  readonly personality?: string;
  /** Reads the machine (or a fixture): called at start and every `inventoryIntervalMs`. */
  readonly discover: () => Promise<HostInventoryReport>;
  readonly inventoryIntervalMs: number;
  /** Longest wait between reconnection attempts. */
  readonly maxBackoffMs: number;
  readonly log: AgentLog;
  /** What a reboot command does; without it the agent drops its connection and comes back as after a restart. */
  readonly reboot?: () => Promise<void>;
}

const HEARTBEAT = Buffer.from([1]);
const FIRST_BACKOFF_MS = 100;

/** The report without what changes on every reading, to tell whether the machine changed. */
function inventoryKey(report: HostInventoryReport): string {
  const { uptimeSeconds: _uptime, memAvailableMiB: _available, ...stable } = report;
  return JSON.stringify({
    ...stable,
    numaNodes: stable.numaNodes.map(({ memFreeMiB: _free, ...node }) => ({
      ...node,
      hugepages: node.hugepages.map(({ free: _f, ...h }) => h),
    })),
  });
}

/** The management MAC an agent joins with: the first NIC that is up, else the first NIC. */
function managementMac(report: HostInventoryReport): string | undefined {
  return (report.nics.find((n) => n.operState === 'up') ?? report.nics[0])?.mac;
}

/**
 * One host's agent: joins with a bootstrap token (once), reports its inventory and re-reports
 * it when it changes, holds a WebSocket to the controller that carries its heartbeats, and
 * applies each new configuration generation, reporting what it applied.
 */
export class HostAgent {
  private state: AgentState | null = null;
  private api: HostAgentApi | null = null;
  private socket: WebSocket | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private rediscovery: NodeJS.Timeout | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private backoffMs = FIRST_BACKOFF_MS;
  private reported: string | null = null;
  private applying: Promise<void> | null = null;
  private wanted = -1;
  private stopped = false;
  private connectedOnce!: Promise<void>;
  private markConnected!: () => void;

  constructor(private readonly options: HostAgentOptions) {
    this.connectedOnce = new Promise((resolve) => (this.markConnected = resolve));
  }

  get hostUuid(): string | null {
    return this.state?.hostUuid ?? null;
  }

  get hostname(): string | null {
    return this.state?.hostname ?? null;
  }

  /** Joins if needed, reports the inventory and connects; resolves once the first connection is up. */
  async start(): Promise<void> {
    const { options } = this;
    const report = await options.discover();
    this.state = await this.join(report);
    this.api = new AgentApi(options.controller).asHost(this.state.hostUuid, this.state.credential);
    // A report that fails now is sent again at the next rediscovery.
    await this.report(report).catch((error: unknown) => options.log.warn(`inventory report failed: ${(error as Error).message}`));
    this.rediscovery = setInterval(() => void this.rediscover(), options.inventoryIntervalMs);
    this.rediscovery.unref();
    this.connect();
    await this.connectedOnce;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of [this.heartbeat, this.rediscovery, this.reconnect]) if (timer) clearTimeout(timer);
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.close(1000, 'agent stopping');
        setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1000).unref();
      });
    }
    await this.applying;
  }

  private async join(report: HostInventoryReport): Promise<AgentState> {
    const { options } = this;
    const saved = await loadAgentState(options.stateDir);
    if (saved && saved.controller === options.controller) return saved;
    if (!options.bootstrapToken) {
      throw new Error(
        saved
          ? `${options.stateDir} holds the credential of another controller (${saved.controller}); give --bootstrap-token to join ${options.controller}`
          : `this host has not joined ${options.controller} yet: give --bootstrap-token (create one with \`murmur system host-bootstrap-token create\` on the controller)`,
      );
    }
    const hostname = options.hostname ?? report.hostname;
    const mgmtMac = managementMac(report);
    const registration = await new AgentApi(options.controller).register({
      bootstrapToken: options.bootstrapToken,
      hostname,
      ...(options.personality !== undefined ? { personality: options.personality } : {}),
      ...(mgmtMac !== undefined ? { mgmtMac } : {}),
    });
    const state: AgentState = {
      controller: options.controller,
      hostUuid: registration.host_uuid,
      hostname: registration.hostname,
      credential: registration.credential,
      appliedGeneration: -1,
      releaseSigningKey: registration.release_signing_key,
    };
    await saveAgentState(options.stateDir, state);
    options.log.info(`joined ${options.controller} as ${state.hostname} (${registration.personality}, ${state.hostUuid})`);
    return state;
  }

  private async report(report: HostInventoryReport): Promise<void> {
    const key = inventoryKey(report);
    if (key === this.reported) return;
    await this.api!.inventory(report);
    const first = this.reported === null;
    this.reported = key;
    this.options.log.info(
      first
        ? `inventory reported: ${report.cpus.length} CPUs, ${report.numaNodes.length} NUMA nodes, ${report.disks.length} disks, ${report.nics.length} NICs`
        : 'inventory changed; reported again',
    );
  }

  private async rediscover(): Promise<void> {
    try {
      await this.report(await this.options.discover());
    } catch (error) {
      this.options.log.warn(`inventory report failed: ${(error as Error).message}`);
    }
  }

  private connect(): void {
    if (this.stopped || !this.api) return;
    const api = this.api;
    const socket = new WebSocket(api.connectUrl(), {
      headers: api.headers,
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    });
    this.socket = socket;
    socket.on('message', (data: Buffer) => this.onMessage(data.toString('utf8')));
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      this.options.log.warn(`the controller refused the connection (HTTP ${status})${status === 401 ? ': the host credential is no longer valid (was the host deleted?)' : ''}`);
      socket.terminate();
    });
    socket.on('error', (error) => this.options.log.debug(`connection error: ${error.message}`));
    socket.on('close', () => {
      if (this.heartbeat) clearInterval(this.heartbeat);
      this.heartbeat = null;
      if (this.socket !== socket || this.stopped) return;
      this.socket = null;
      const wait = this.backoffMs * (0.5 + Math.random() / 2);
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.maxBackoffMs);
      this.options.log.info(`connection lost; reconnecting in ${Math.round(wait)} ms`);
      this.reconnect = setTimeout(() => this.connect(), wait);
    });
  }

  private onMessage(text: string): void {
    let message: AgentHello | AgentConfigNotice | { type: 'reboot' };
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      this.options.log.warn('the controller sent something that is not JSON; ignored');
      return;
    }
    if (message.type === 'hello') {
      this.backoffMs = FIRST_BACKOFF_MS;
      this.startHeartbeat(message.heartbeat_period_ms);
      this.markConnected();
      // After a (re)start the current generation is applied again, whatever was applied before.
      this.apply(message.config_target, true);
    } else if (message.type === 'config') {
      this.apply(message.config_target, false);
    } else if (message.type === 'reboot') {
      void this.rebootRequested();
    }
  }

  private startHeartbeat(periodMs: number): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    const socket = this.socket;
    const beat = (): void => {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(HEARTBEAT);
    };
    beat();
    this.heartbeat = setInterval(beat, periodMs);
  }

  /** Applies the controller's configuration, one generation at a time. */
  private apply(target: number, force: boolean): void {
    if (!force && target <= (this.state?.appliedGeneration ?? -1)) return;
    this.wanted = Math.max(this.wanted, target);
    this.applying ??= (async () => {
      try {
        while (!this.stopped) {
          const document = await this.api!.config();
          await this.write(document);
          if (document.software !== null) await this.api!.softwareReport(await this.applySoftware(document.software));
          await this.api!.configApplied(document.generation);
          this.state = { ...this.state!, appliedGeneration: document.generation };
          await saveAgentState(this.options.stateDir, this.state);
          this.options.log.info(`configuration generation ${document.generation} applied`);
          if (document.generation >= this.wanted) break;
        }
      } catch (error) {
        this.options.log.warn(`applying the configuration failed: ${isAppError(error) ? error.message : (error as Error).message}`);
      } finally {
        this.applying = null;
      }
    })();
  }

  /**
   * Brings the host onto the release the controller wants: nothing when it runs it already
   * (unless it rolls back to it, when its hooks run again); the release's hooks and a switch
   * when a slot holds it; else download, check against the signing key the agent got when it
   * joined, install and switch. Says how it went, with the failing hook's output.
   */
  private async applySoftware(want: NonNullable<AgentConfigDocument['software']>): Promise<AgentSoftwareReport> {
    const slots = new SoftwareSlots(this.options.softwareRoot);
    const before = await slots.state();
    if (before.running === want.release && !want.rollback) return { ...before, state: 'deployed', reason: null, hook_output: null };
    try {
      if (before.running === want.release || before.previous === want.release) {
        await slots.activate(want.release);
        this.options.log.info(`${want.release} activated again from its slot`);
      } else {
        const key = this.state?.releaseSigningKey;
        if (!key) throw new InstallFailed('this agent has no release signing key; it joined before releases were signed: join again');
        const verified = verifyBundle(Buffer.from(await this.api!.release(want.release)), key);
        if (verified.metadata.id !== want.release) throw new InstallFailed(`the bundle served for ${want.release} holds ${verified.metadata.id}`);
        if (verified.sha256 !== want.sha256) throw new InstallFailed(`the bundle served for ${want.release} is not the one uploaded (sha256 ${verified.sha256})`);
        await slots.install(verified);
        this.options.log.info(`release ${want.release} installed and active`);
      }
      return { ...(await slots.state()), state: 'deployed', reason: null, hook_output: null };
    } catch (error) {
      const reason = error instanceof InstallFailed || isAppError(error) ? error.message : `install failed: ${(error as Error).message}`;
      this.options.log.warn(`release ${want.release} not installed: ${reason}`);
      return { ...(await slots.state()), state: 'failed', reason, hook_output: error instanceof InstallFailed ? error.hookOutput : null };
    }
  }

  private async write(document: AgentConfigDocument): Promise<void> {
    await writeFileAtomic(path.join(this.options.configRoot, 'host.json'), `${JSON.stringify(document, null, 2)}\n`);
  }

  private async rebootRequested(): Promise<void> {
    if (this.options.reboot) {
      this.options.log.info('reboot requested by the controller');
      await this.options.reboot();
      return;
    }
    this.options.log.info('reboot requested by the controller: dropping the connection and coming back as after a restart');
    this.socket?.close(1000, 'rebooting');
  }
}
