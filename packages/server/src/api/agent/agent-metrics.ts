import type { Registry } from 'prom-client';
import type { MaintenanceService } from '../../services/maintenance/index.js';
import { scrapedGauge } from '../scraped-metrics.js';

/** Host agents as maintenance sees them, read at scrape time. */
export function registerAgentMetrics(registry: Registry, maintenance: MaintenanceService): void {
  scrapedGauge(registry, 'murmur_agent_heartbeats_total', 'Heartbeats received from host agents since the controller started.', () =>
    maintenance.stats().heartbeats);
  scrapedGauge(registry, 'murmur_agent_connections', 'Host agents connected now.', () => maintenance.stats().connected);
  scrapedGauge(registry, 'murmur_maintenance_watched_hosts', 'Hosts whose heartbeats maintenance follows.', () =>
    maintenance.stats().watched);
}
