import { healthOf, type HeartbeatSettings, type HostHealth } from '@murmuration/core/inventory';

interface Watch {
  lastBeat: number;
  connected: boolean;
  disconnectedAt: number;
  /** The health last decided for the host (committed, or being committed); null to decide afresh. */
  health: HostHealth | null;
}

/**
 * Heartbeat bookkeeping for every watched host, in memory: a beat costs one map lookup and
 * one store; a sweep walks the hosts once and returns those whose health changed.
 */
export class HeartbeatMonitor {
  private readonly watches = new Map<string, Watch>();

  constructor(private readonly settings: HeartbeatSettings) {}

  /** Starts watching a host as if it had just beaten at `lastBeat` with the given health. */
  watch(uuid: string, lastBeat: number, health: HostHealth | null, connected: boolean): void {
    this.watches.set(uuid, { lastBeat, connected, disconnectedAt: lastBeat, health });
  }

  forget(uuid: string): void {
    this.watches.delete(uuid);
  }

  /** A heartbeat arrived. False when the host is not watched. */
  beat(uuid: string, now: number): boolean {
    const watch = this.watches.get(uuid);
    if (!watch) return false;
    watch.lastBeat = now;
    return true;
  }

  /** An agent (re)connected: its host's health is decided afresh at the next sweep. */
  connected(uuid: string, now: number): void {
    this.watches.set(uuid, { lastBeat: now, connected: true, disconnectedAt: now, health: null });
  }

  /** The host's state changed by other hands (lock, unlock): decide its health afresh at the next sweep. */
  resync(uuid: string): void {
    const watch = this.watches.get(uuid);
    if (watch) watch.health = null;
  }

  disconnected(uuid: string, now: number): void {
    const watch = this.watches.get(uuid);
    if (!watch) return;
    watch.connected = false;
    watch.disconnectedAt = now;
  }

  isConnected(uuid: string): boolean {
    return this.watches.get(uuid)?.connected ?? false;
  }

  /** Hosts whose health changed since the last sweep, from what to what (the new health is now recorded as decided). */
  sweep(now: number): Map<string, { readonly from: HostHealth | null; readonly to: HostHealth }> {
    const changed = new Map<string, { from: HostHealth | null; to: HostHealth }>();
    for (const [uuid, watch] of this.watches) {
      const health = healthOf(now - watch.lastBeat, watch.connected, now - watch.disconnectedAt, this.settings);
      if (health !== watch.health) {
        changed.set(uuid, { from: watch.health, to: health });
        watch.health = health;
      }
    }
    return changed;
  }

  /** Puts back the health a failed commit could not record, so that the next sweep decides again. */
  undo(uuid: string, health: HostHealth | null): void {
    const watch = this.watches.get(uuid);
    if (watch) watch.health = health;
  }

  connectedCount(): number {
    let n = 0;
    for (const watch of this.watches.values()) if (watch.connected) n++;
    return n;
  }

  get size(): number {
    return this.watches.size;
  }
}
