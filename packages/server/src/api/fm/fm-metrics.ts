import { SEVERITIES } from '@murmuration/core/fault';
import { Gauge, type Registry } from 'prom-client';
import type { FaultService } from '../../services/fault/index.js';
import { scrapedCounter } from '../scraped-metrics.js';

/** Active alarms by severity and by alarm id, and the notification pipeline's progress, read at scrape time. */
export function registerFaultMetrics(registry: Registry, fault: FaultService): void {
  const bySeverity = new Gauge({
    name: 'murmur_fm_active_alarms',
    help: 'Active alarms by severity (masked, silenced and inhibited ones included).',
    labelNames: ['severity'] as const,
    registers: [registry],
    async collect() {
      const counts = await fault.alarms.counts();
      for (const severity of SEVERITIES) {
        this.set({ severity }, counts.filter((c) => c.severity === severity).reduce((sum, c) => sum + c.count, 0));
      }
    },
  });
  void bySeverity;
  new Gauge({
    name: 'murmur_fm_active_alarms_by_id',
    help: 'Active alarms by alarm id and severity.',
    labelNames: ['alarm_id', 'severity'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const c of await fault.alarms.counts()) this.set({ alarm_id: c.alarmId, severity: c.severity }, c.count);
    },
  });
  new Gauge({
    name: 'murmur_fm_receiver_pending_events',
    help: 'Event-log records not yet delivered to (or skipped for) each receiver.',
    labelNames: ['receiver', 'type'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of await fault.receivers.list()) this.set({ receiver: r.name, type: r.kind }, r.pending);
    },
  });
  const stat = (name: string, help: string, read: () => number): void => scrapedCounter(registry, name, help, read);
  stat('murmur_fm_commits_total', 'Transactions that committed alarm changes (several changes share one).', () => fault.stats.commits);
  stat('murmur_fm_changes_total', 'Alarm sets, clears and logs committed.', () => fault.stats.changes);
  stat('murmur_fm_notifications_delivered_total', 'Alarm changes delivered to receivers.', () => fault.stats.delivered);
  stat('murmur_fm_notification_failures_total', 'Failed delivery attempts to receivers.', () => fault.stats.deliveryFailures);
}
