import { Gauge, type Registry } from 'prom-client';
import type { MaintenanceService } from '../../services/maintenance/index.js';

/** Host agents as maintenance sees them, read at scrape time. */
export function registerAgentMetrics(registry: Registry, maintenance: MaintenanceService): void {
  new Gauge({
    name: 'murmur_agent_heartbeats_total',
    help: 'Heartbeats received from host agents since the controller started.',
    registers: [registry],
    collect() {
      this.set(maintenance.stats().heartbeats);
    },
  });
  new Gauge({
    name: 'murmur_agent_connections',
    help: 'Host agents connected now.',
    registers: [registry],
    collect() {
      this.set(maintenance.stats().connected);
    },
  });
  new Gauge({
    name: 'murmur_maintenance_watched_hosts',
    help: 'Hosts whose heartbeats maintenance follows.',
    registers: [registry],
    collect() {
      this.set(maintenance.stats().watched);
    },
  });
}
