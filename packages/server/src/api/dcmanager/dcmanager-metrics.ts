import { AVAILABILITY_STATUSES, MANAGEMENT_STATES, SYNC_STATUSES } from '@murmuration/core/dc';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { DcManagerService } from '../../services/dc-manager/index.js';
import { scrapedCounter, scrapedGauge } from '../scraped-metrics.js';

/**
 * The fleet audit as Prometheus series, read at scrape time: this replica's counters and its
 * last cycle, the most overdue subcloud, and the fleet by state from one grouped query.
 */
export function registerDcManagerMetrics(registry: Registry, dc: DcManagerService): void {
  const stats = () => dc.auditor.stats();
  new Counter({
    name: 'murmur_dc_audits_total',
    help: 'Subcloud audits this replica made, by outcome: ok (a new report), not_modified (304), failed.',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      const s = stats();
      this.reset();
      this.inc({ outcome: 'ok' }, s.reports);
      this.inc({ outcome: 'not_modified' }, s.unchanged);
      this.inc({ outcome: 'failed' }, s.failures);
    },
  });
  const counter = (name: string, help: string, read: () => number) => scrapedCounter(registry, name, help, read);
  const gauge = (name: string, help: string, read: () => number) => scrapedGauge(registry, name, help, read);
  counter('murmur_dc_sync_pushes_total', 'Pushes of an endpoint type\'s central state to an out-of-sync subcloud.', () => stats().syncs);
  counter('murmur_dc_sync_failures_total', 'Subcloud syncs that failed (tried again later).', () => stats().syncFailures);
  counter('murmur_dc_audit_cycles_total', 'Audit cycles ended: runs of audits from idle (nothing due) to idle.', () => stats().cycles);
  gauge('murmur_dc_audit_cycle_seconds', 'How long the last audit cycle took, from its first claim to its last answer.', () =>
    (stats().lastCycle?.ms ?? 0) / 1000);
  gauge('murmur_dc_audit_cycle_subclouds', 'Subclouds the last audit cycle audited.', () => stats().lastCycle?.audits ?? 0);
  gauge('murmur_dc_audit_lag_seconds', 'How long ago the most overdue subcloud was due (0 when none is late).', () =>
    stats().lagMs / 1000);
  gauge('murmur_dc_audits_in_flight', 'Subcloud audits under way on this replica.', () => stats().inFlight);
  new Gauge({
    name: 'murmur_dc_subclouds',
    help: 'Subclouds by management state, availability and sync status (the whole fleet, whichever replica audits it).',
    labelNames: ['management', 'availability', 'sync'] as const,
    registers: [registry],
    async collect() {
      const counts = await dc.fleetCounts();
      for (const management of MANAGEMENT_STATES) {
        for (const availability of AVAILABILITY_STATUSES) {
          for (const sync of SYNC_STATUSES) {
            const found = counts.find((c) =>
              c.managementState === management && c.availabilityStatus === availability && c.syncStatus === sync);
            this.set({ management, availability, sync }, found?.count ?? 0);
          }
        }
      }
    },
  });
}
