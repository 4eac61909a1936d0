import { internalContext, type Clock, type RequestContext } from '@murmuration/core/common';
import type { Availability, HeartbeatSettings, HostHealth, HostRecord } from '@murmuration/core/inventory';
import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { BackgroundLoop } from '../../runtime/background-loop.js';
import { periodicLoop } from '../../runtime/periodic-loop.js';
import type { HostService } from '../inventory/index.js';
import { HeartbeatMonitor } from './heartbeat-monitor.js';

export interface MaintenanceSettings extends HeartbeatSettings {
  /** How long a host's applied configuration may lag behind its target before 250.001 is raised. */
  readonly configGraceMs: number;
  /** After a controller start, how long agents have to reconnect before their hosts count as silent. */
  readonly startupGraceMs: number;
}

/**
 * Host maintenance: follows each agent's heartbeats and connection, marks hosts degraded,
 * failed and offline (and back) with their alarms, and raises 250.001 on hosts whose agents
 * have not applied their configuration within the grace period.
 */
export interface MaintenanceService {
  readonly settings: MaintenanceSettings;
  /** The heartbeat sweep, every half heartbeat period; at its start it watches the hosts the store knows. */
  readonly loop: BackgroundLoop;
  /** An agent connected for its host. */
  connected(uuid: string): void;
  disconnected(uuid: string): void;
  /** Stops watching a host (it was deleted). */
  forget(uuid: string): void;
  /** A heartbeat from the host's agent. */
  beat(uuid: string): void;
  /** Records the configuration generation the host's agent applied. */
  applied(ctx: RequestContext, uuid: string, generation: number): Promise<HostRecord>;
  /** Decides and commits now what the periodic sweep would (tests drive it with a fake clock). */
  sweep(): Promise<void>;
  /** Heartbeats received since the start, and the agents connected now. */
  stats(): { readonly heartbeats: number; readonly connected: number; readonly watched: number };
}

/** The health a stored availability stands for, to resume watching after a restart. */
const HEALTH_OF: Readonly<Record<Availability, HostHealth>> = {
  available: 'up',
  online: 'up',
  intest: 'up',
  degraded: 'degraded',
  failed: 'failed',
  offline: 'offline',
  'power-off': 'offline',
};

interface Lag {
  readonly since: number;
  alarmed: boolean;
}

export function createMaintenanceService(deps: {
  store: Store;
  hosts: HostService;
  clock: Clock;
  logger: Logger;
  settings: MaintenanceSettings;
}): MaintenanceService {
  const { store, hosts, clock, logger, settings } = deps;
  const monitor = new HeartbeatMonitor(settings);
  const lags = new Map<string, Lag>();
  let sweeping: Promise<void> | null = null;
  let heartbeats = 0;

  const noteTarget = (host: HostRecord): void => {
    if (host.configApplied === host.configTarget) lags.delete(host.uuid);
    else if (!lags.has(host.uuid)) lags.set(host.uuid, { since: clock.now(), alarmed: false });
  };
  hosts.onConfigTarget(noteTarget);
  hosts.onAction((host, action) => {
    if (action !== 'reboot') monitor.resync(host.uuid);
  });

  async function sweepOnce(): Promise<void> {
    const now = clock.now();
    const changes = monitor.sweep(now);
    if (changes.size > 0) {
      try {
        const changed = await hosts.applyHealth(internalContext(`req-maintenance-${now}`, '/maintenance'), changes);
        if (changed.length > 0) logger.info({ hosts: changed.map((h) => `${h.hostname}:${h.availability}`) }, 'host availability changed');
      } catch (error) {
        for (const [uuid, change] of changes) monitor.undo(uuid, change.from);
        loop.health.failed(error);
        logger.warn({ err: error }, 'could not record host health; will retry');
      }
    }
    const due = [...lags]
      .filter(([, lag]) => !lag.alarmed && now - lag.since >= settings.configGraceMs)
      .map(([uuid]) => uuid);
    if (due.length > 0) {
      try {
        await hosts.markConfigLag(internalContext(`req-config-lag-${now}`, '/maintenance'), new Set(due));
        for (const uuid of due) {
          const lag = lags.get(uuid);
          if (lag) lag.alarmed = true;
        }
      } catch (error) {
        loop.health.failed(error);
        logger.warn({ err: error }, 'could not raise configuration out-of-date alarms; will retry');
      }
    }
  }

  const sweep = (): Promise<void> => {
    sweeping ??= sweepOnce().finally(() => {
      sweeping = null;
    });
    return sweeping;
  };

  const loop = periodicLoop({
    name: 'heartbeat-sweep',
    everyMs: Math.max(10, Math.floor(settings.periodMs / 2)),
    async onStart() {
      const now = clock.now();
      for (const { host } of await store.repos.hosts.list()) {
        // Hosts that were up when the controller stopped get the start-up grace to reconnect.
        if (host.availability !== 'offline') monitor.watch(host.uuid, now + settings.startupGraceMs, HEALTH_OF[host.availability], false);
        noteTarget(host);
      }
    },
    run: sweep,
    async onStop() {
      await sweeping; // A sweep asked for by hand may still run.
    },
  });

  return {
    settings,
    loop,
    connected(uuid) {
      monitor.connected(uuid, clock.now());
    },
    disconnected(uuid) {
      monitor.disconnected(uuid, clock.now());
    },
    forget(uuid) {
      monitor.forget(uuid);
      lags.delete(uuid);
    },
    beat(uuid) {
      heartbeats++;
      monitor.beat(uuid, clock.now());
    },
    async applied(ctx, uuid, generation) {
      const host = await hosts.configApplied(ctx, uuid, generation);
      noteTarget(host);
      return host;
    },
    sweep,
    stats: () => ({ heartbeats, connected: monitor.connectedCount(), watched: monitor.size }),
  };
}
