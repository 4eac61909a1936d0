import type { Clock } from '@murmuration/core/common';
import type { AlarmRecord, EventRecord, ReceiverRecord, Severity } from '@murmuration/core/fault';
import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { EventFeed } from './event-feed.js';
import type { MuteSources } from './mute-sources.js';
import type { MuteView } from './mute-view.js';
import { alertOf, alertsOfEvent, webhookPayload, type PostableAlert } from './receiver-payloads.js';
import { loopHealth, type BackgroundLoop } from '../../runtime/background-loop.js';
import { failureText } from '../../runtime/failure-text.js';
import { periodicLoop } from '../../runtime/periodic-loop.js';

export interface DeliverySettings {
  readonly timeoutMs: number;
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Most changes in one webhook POST. */
  readonly batch: number;
  /** How often every active alarm is sent to Alertmanager again (it forgets alerts that stop coming). */
  readonly alertmanagerResendMs: number;
}

/** Delivers alarm changes to every receiver from its own cursor into the event log. */
export interface ReceiverDispatcher {
  /** Picks up receivers added or removed. */
  reload(): Promise<void>;
  /** One worker per receiver; its lag is how long the receiver furthest behind the log has been behind. */
  readonly deliveryLoop: BackgroundLoop;
  /** Sends every active alarm to each Alertmanager again, every `alertmanagerResendMs`. */
  readonly resendLoop: BackgroundLoop;
  readonly stats: { delivered: number; failures: number };
}

interface Worker {
  readonly receiver: ReceiverRecord;
  readonly abort: AbortController;
  stopped: boolean;
  /** Waiting for new records (not backing off): new records wake it. */
  idle: boolean;
  wake: (() => void) | null;
  done: Promise<void>;
  /** Since when (monotonic ms) the receiver has records it was not yet sent; null when caught up. */
  behindSince: number | null;
  /**
   * Alarms whose raise this receiver was not sent because they were muted, by alarm uuid: when
   * the silence ends or the inhibiting alarm clears while they are still active, they are
   * announced then. Kept in memory only: after a restart, Alertmanager's resend still covers
   * them, a webhook does not.
   */
  readonly held: Map<string, EventRecord>;
}

/** How often held (muted) alarms are checked for having become audible. */
const HELD_CHECK_MS = 1000;

/** Stands for an event in the mute checks: the alarm as it was when the change happened. */
function alarmOfEvent(event: EventRecord): AlarmRecord {
  return {
    uuid: event.alarmUuid ?? event.uuid,
    alarmId: event.eventLogId,
    entityTypeId: event.entityTypeId,
    entityInstanceId: event.entityInstanceId,
    severity: (event.state === 'clear' ? event.previousSeverity : event.severity) as Severity,
    reasonText: event.reasonText,
    alarmType: event.eventLogType,
    probableCause: event.probableCause,
    repairAction: event.repairAction,
    serviceAffecting: event.serviceAffecting,
    suppression: event.suppression,
    inhibitsBelow: false,
    timestamp: event.timestamp,
  };
}

export function createReceiverDispatcher(deps: {
  store: Store;
  feed: EventFeed;
  mute: MuteSources;
  clock: Clock;
  region: string;
  baseUrl: () => string;
  logger: Logger;
  settings: DeliverySettings;
  userAgent: string;
}): ReceiverDispatcher {
  const { store, feed, mute, clock, region, logger, settings } = deps;
  const workers = new Map<string, Worker>();
  const stats = { delivered: 0, failures: 0 };
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  const deliveryHealth = loopHealth(() => {
    const now = performance.now();
    let lag = 0;
    for (const worker of workers.values()) {
      if (worker.behindSince !== null) lag = Math.max(lag, now - worker.behindSince);
    }
    return lag;
  });

  async function post(url: string, body: unknown, abort?: AbortSignal): Promise<void> {
    const timeout = AbortSignal.timeout(settings.timeoutMs);
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': deps.userAgent },
      body: JSON.stringify(body),
      signal: abort ? AbortSignal.any([timeout, abort]) : timeout,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }

  function alertmanagerUrl(receiver: ReceiverRecord): string {
    return `${receiver.url.replace(/\/+$/, '')}/api/v2/alerts`;
  }

  async function send(worker: Worker, events: readonly EventRecord[]): Promise<void> {
    const { receiver } = worker;
    if (receiver.kind === 'webhook') {
      await post(receiver.url, webhookPayload(receiver.name, region, events), worker.abort.signal);
      return;
    }
    const now = clock.now();
    const ttl = settings.alertmanagerResendMs * 4;
    await post(
      alertmanagerUrl(receiver),
      events.flatMap((e) => alertsOfEvent(e, region, deps.baseUrl(), now, ttl)),
      worker.abort.signal,
    );
  }

  const sleep = (worker: Worker, ms: number, idle: boolean): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        worker.wake = null;
        worker.idle = false;
        resolve();
      }
      worker.wake = done;
      worker.idle = idle;
    });

  function backoff(failures: number): number {
    const exp = Math.min(settings.maxBackoffMs, settings.minBackoffMs * 2 ** Math.min(failures - 1, 20));
    return exp / 2 + Math.random() * (exp / 2);
  }

  async function run(worker: Worker): Promise<void> {
    const { receiver } = worker;
    let cursor = receiver.deliveredSeq;
    let failures = receiver.failures;
    let heldCheckedAt = Date.now();
    while (!worker.stopped) {
      try {
        const upTo = feed.position();
        worker.behindSince = cursor >= upTo ? null : (worker.behindSince ?? performance.now());
        if (cursor >= upTo) {
          if (worker.held.size > 0 && Date.now() - heldCheckedAt >= HELD_CHECK_MS) {
            heldCheckedAt = Date.now();
            const audible = await unmuted(worker);
            if (audible.length > 0) {
              await send(worker, audible);
              stats.delivered += audible.length;
              for (const event of audible) worker.held.delete(event.alarmUuid!);
            }
          }
          await sleep(worker, HELD_CHECK_MS, true);
          continue;
        }
        const events = await store.repos.events.range(cursor, upTo, settings.batch);
        let dropped = 0;
        if (events.length === 0 || events[0]!.seq > cursor + 1) {
          // Records this receiver never got may have been trimmed from the log meanwhile.
          const oldest = await store.repos.events.minSeq();
          const firstKept = oldest === 0 ? upTo + 1 : oldest;
          if (firstKept > cursor + 1) dropped = Math.min(firstKept, upTo + 1) - cursor - 1;
        }
        const last = events.length > 0 ? events.at(-1)!.seq : upTo;
        const view: MuteView | null = events.some((e) => e.state !== 'log') ? await mute.view() : null;
        const wanted = events.filter((e) => e.state !== 'log' && !view!.isMuted(alarmOfEvent(e)));
        for (const event of events) {
          if (event.alarmUuid === null) continue;
          if (event.state === 'set' && !wanted.includes(event)) worker.held.set(event.alarmUuid, event);
          else worker.held.delete(event.alarmUuid);
        }
        if (wanted.length > 0) {
          try {
            await send(worker, wanted);
          } catch (error) {
            if (worker.stopped) return;
            failures += 1;
            stats.failures += 1;
            deliveryHealth.failed(error);
            const message = failureText(error);
            await store.repos.receivers.failed(receiver.uuid, clock.now(), message);
            if (failures === 1 || failures % 10 === 0) logger.warn({ receiver: receiver.name, failures, err: message }, 'alarm notification delivery failed; will retry');
            await sleep(worker, backoff(failures), false);
            continue;
          }
          stats.delivered += wanted.length;
        }
        if (dropped > 0) logger.warn({ receiver: receiver.name, dropped }, 'event-log records were trimmed before they could be delivered');
        await store.repos.receivers.delivered(receiver.uuid, last, clock.now(), dropped);
        cursor = last;
        failures = 0;
      } catch (error) {
        deliveryHealth.failed(error);
        logger.error({ err: error, receiver: receiver.name }, 'receiver delivery loop error');
        await sleep(worker, settings.maxBackoffMs, false);
      }
    }
  }

  /** Held alarms that are still active and no longer muted, as raises of their current state. */
  async function unmuted(worker: Worker): Promise<EventRecord[]> {
    const view = await mute.view();
    const out: EventRecord[] = [];
    for (const [uuid, event] of worker.held) {
      const alarm = await store.repos.alarms.find(uuid);
      if (!alarm) {
        worker.held.delete(uuid);
        continue;
      }
      if (view.isMuted(alarm)) continue;
      out.push({
        ...event,
        severity: alarm.severity,
        reasonText: alarm.reasonText,
        timestamp: alarm.timestamp,
        previousSeverity: null,
      });
    }
    return out;
  }

  async function resendActive(signal: AbortSignal): Promise<void> {
    const targets = [...workers.values()].filter((w) => w.receiver.kind === 'alertmanager').map((w) => w.receiver);
    if (targets.length === 0) return;
    const view = await mute.view();
    const alarms = (await store.repos.alarms.list({})).filter((a) => !view.isMuted(a));
    const now = clock.now();
    const alerts: PostableAlert[] = alarms.map((a) =>
      alertOf(
        { ...a, alarmUuid: a.uuid, since: a.timestamp },
        region,
        deps.baseUrl(),
        true,
        now,
        settings.alertmanagerResendMs * 4,
      ),
    );
    for (const receiver of targets) {
      try {
        for (let i = 0; i < alerts.length; i += 500) {
          await post(alertmanagerUrl(receiver), alerts.slice(i, i + 500), signal);
        }
      } catch (error) {
        if (signal.aborted) return;
        resendLoop.health.failed(error);
        logger.warn({ receiver: receiver.name, err: failureText(error) }, 'resending active alarms to Alertmanager failed');
      }
    }
  }

  async function reload(): Promise<void> {
    if (stopped) return;
    const receivers = await store.repos.receivers.list();
    const wanted = new Map(receivers.map((r) => [r.uuid, r]));
    for (const [uuid, worker] of workers) {
      const now = wanted.get(uuid);
      // A receiver whose address changed gets a worker of its own, from its cursor as it stands.
      if (now && now.kind === worker.receiver.kind && now.url === worker.receiver.url) continue;
      worker.stopped = true;
      worker.abort.abort();
      worker.wake?.();
      workers.delete(uuid);
    }
    for (const receiver of receivers) {
      if (workers.has(receiver.uuid)) continue;
      const worker: Worker = {
        receiver,
        abort: new AbortController(),
        stopped: false,
        idle: false,
        wake: null,
        done: Promise.resolve(),
        held: new Map(),
        behindSince: null,
      };
      worker.done = run(worker);
      workers.set(receiver.uuid, worker);
    }
    if (workers.size > 0 && !unsubscribe) {
      unsubscribe = await feed.subscribe(() => {
        for (const worker of workers.values()) if (worker.idle) worker.wake?.();
      });
    } else if (workers.size === 0 && unsubscribe) {
      unsubscribe();
      unsubscribe = null;
    }
  }

  function halt(): void {
    stopped = true;
    unsubscribe?.();
    unsubscribe = null;
    for (const worker of workers.values()) {
      worker.stopped = true;
      worker.abort.abort();
      worker.wake?.();
    }
  }

  const resendLoop = periodicLoop({
    name: 'alertmanager-resend',
    everyMs: settings.alertmanagerResendMs,
    // Soon after a start too: Alertmanager may have forgotten alerts while the controller was down.
    firstAfterMs: 1000,
    run: resendActive,
    onError: (error) => logger.warn({ err: error }, 'Alertmanager resend failed'),
  });

  return {
    stats,
    reload,
    deliveryLoop: {
      name: 'receiver-delivery',
      health: deliveryHealth,
      async start(signal) {
        stopped = false;
        signal.addEventListener('abort', halt, { once: true });
        await reload();
      },
      async stop() {
        halt();
        const running = [...workers.values()];
        workers.clear();
        await Promise.all(running.map((w) => w.done));
      },
    },
    resendLoop,
  };
}
