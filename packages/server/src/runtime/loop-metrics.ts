import { Counter, Gauge, type Registry } from 'prom-client';
import type { BackgroundLoop } from './background-loop.js';

/** Longest error text kept in a label. */
const ERROR_LABEL_MAX = 200;

/** Each background loop's lag, failures and last failure, read at scrape time. */
export function registerLoopMetrics(registry: Registry, loops: readonly BackgroundLoop[]): void {
  new Gauge({
    name: 'murmur_loop_lag_seconds',
    help: 'How far behind its schedule each background loop is (how late its latest pass began, or how overdue the next one is).',
    labelNames: ['loop'] as const,
    registers: [registry],
    collect() {
      for (const loop of loops) this.set({ loop: loop.name }, Math.max(0, loop.health.lagMs()) / 1000);
    },
  });
  new Counter({
    name: 'murmur_loop_errors_total',
    help: 'Failures each background loop met (a failed pass, delivery or read).',
    labelNames: ['loop'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const loop of loops) this.inc({ loop: loop.name }, loop.health.errors);
    },
  });
  new Gauge({
    name: 'murmur_loop_last_error_timestamp_seconds',
    help: 'When each background loop last failed, with what it said; absent for a loop that has not failed.',
    labelNames: ['loop', 'error'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const loop of loops) {
        const last = loop.health.lastError;
        if (last) this.set({ loop: loop.name, error: last.message.slice(0, ERROR_LABEL_MAX) }, last.at / 1000);
      }
    },
  });
}
