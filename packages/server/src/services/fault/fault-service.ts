import { randomUUID } from 'node:crypto';
import type { Clock } from '@murmuration/core/common';
import {
  ALARM_CATALOGUE, buildAlarmSet, buildLogEntry, type AlarmChange, type AlarmChangeResult, type AlarmRecord,
  type NewEvent, type RaiseInput,
} from '@murmuration/core/fault';
import type { Repos, Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { BackgroundLoop } from '../../runtime/background-loop.js';
import type { AuditService } from '../audit/index.js';
import type { ReplicaCaches } from '../replica-caches/index.js';
import { createAlarmDirectory, type AlarmDirectory } from './alarm-directory.js';
import { createEventFeed, type EventFeed } from './event-feed.js';
import { createEventLog, type EventLog } from './event-log.js';
import { createEventRetention } from './event-retention.js';
import { createFaultWriter, type ChangeAudit } from './fault-writer.js';
import { createMuteSources } from './mute-sources.js';
import type { InhibitRule } from './mute-view.js';
import { createReceiverDirectory, type ReceiverDirectory } from './receiver-directory.js';
import { createReceiverDispatcher, type DeliverySettings } from './receiver-dispatcher.js';
import { createSilenceDirectory, type SilenceDirectory } from './silence-directory.js';
import { createSuppressionList, type SuppressionList } from './suppression-list.js';
import { createSyncedFaultSettings, type SyncedFaultSettings } from './synced-settings.js';

export interface FaultSettings {
  /** Event-log records kept; older ones are trimmed in the background. */
  readonly eventLogRetention: number;
  readonly trimIntervalMs: number;
  readonly inhibitRules: readonly InhibitRule[];
  readonly delivery: DeliverySettings;
}

/**
 * Fault management: the one place every service raises and clears alarms, the event log,
 * suppression, silences, inhibition and notification receivers.
 */
export interface FaultService {
  /** Raises or re-raises an alarm; resolves once committed. Throws 400 on anything the catalogue refuses. */
  raise(input: RaiseInput, audit?: ChangeAudit): Promise<AlarmRecord>;
  /** Clears an alarm; resolves to it, or null when it was not active. */
  clear(alarmId: string, entityInstanceId: string, audit?: ChangeAudit): Promise<AlarmRecord | null>;
  /** Clears every alarm on the entity and below it (only `alarmIds` when given). */
  clearAll(entityInstanceId: string, alarmIds?: readonly string[] | null, audit?: ChangeAudit): Promise<AlarmRecord[]>;
  /** Writes a log record (`state` log). */
  log(input: RaiseInput, audit?: ChangeAudit): Promise<NewEvent>;
  /** Applies changes inside the caller's transaction, so that they commit with its own. */
  applyIn(repos: Repos, changes: readonly AlarmChange[]): Promise<AlarmChangeResult[]>;
  /** The sides operators read and manage through fm, each in its own file. */
  readonly alarms: AlarmDirectory;
  readonly events: EventLog;
  readonly suppressions: SuppressionList;
  readonly silences: SilenceDirectory;
  readonly receivers: ReceiverDirectory;
  /** Suppression, silences and receivers made equal to a pushed state, in the caller's transaction. */
  readonly synced: SyncedFaultSettings;
  readonly feed: EventFeed;
  readonly stats: {
    readonly commits: number;
    readonly changes: number;
    readonly delivered: number;
    readonly deliveryFailures: number;
  };
  /** The event feed, receiver delivery, the Alertmanager resend and the event-log trim, in start order. */
  readonly loops: readonly BackgroundLoop[];
  /** Adds suppression entries for new catalogue ids. */
  start(): Promise<void>;
  /** Commits the alarm changes still pending (after the loops stopped). */
  stop(): Promise<void>;
}

export function createFaultService(deps: {
  store: Store;
  audit: AuditService;
  /** How a change of suppressions or silences reaches every replica. */
  caches: ReplicaCaches;
  clock: Clock;
  logger: Logger;
  region: string;
  baseUrl: () => string;
  userAgent: string;
  settings: FaultSettings;
}): FaultService {
  const { store, audit, clock, logger, settings } = deps;
  const feed = createEventFeed({ store, pollMs: 500, gapWaitMs: 2000, onError: (error) => logger.warn({ err: error }, 'event feed read failed') });
  const writer = createFaultWriter({ store, audit, clock, committed: () => feed.poke() });
  const mute = createMuteSources({ store, clock, caches: deps.caches, rules: settings.inhibitRules, refreshMs: 2000 });
  const dispatcher = createReceiverDispatcher({
    store,
    feed,
    mute,
    clock,
    region: deps.region,
    baseUrl: deps.baseUrl,
    logger,
    settings: settings.delivery,
    userAgent: deps.userAgent,
  });
  const retention = createEventRetention({
    store,
    keep: settings.eventLogRetention,
    intervalMs: settings.trimIntervalMs,
    logger,
  });

  return {
    feed,
    get stats() {
      return {
        commits: writer.stats.batches,
        changes: writer.stats.changes,
        delivered: dispatcher.stats.delivered,
        deliveryFailures: dispatcher.stats.failures,
      };
    },

    async raise(input, changeAudit) {
      const result = await writer.submit({ kind: 'set', alarm: buildAlarmSet(input) }, changeAudit);
      if (result.kind !== 'set') throw new Error('a set answered as something else');
      return result.alarm;
    },
    async clear(alarmId, entityInstanceId, changeAudit) {
      const result = await writer.submit({ kind: 'clear', alarmId, entityInstanceId }, changeAudit);
      return result.kind === 'clear' ? (result.cleared[0] ?? null) : null;
    },
    async clearAll(entityInstanceId, alarmIds = null, changeAudit) {
      const result = await writer.submit({ kind: 'clear-tree', entityInstanceId, alarmIds }, changeAudit);
      return result.kind === 'clear' ? [...result.cleared] : [];
    },
    async log(input, changeAudit) {
      const result = await writer.submit({ kind: 'log', entry: buildLogEntry(input) }, changeAudit);
      if (result.kind !== 'log') throw new Error('a log answered as something else');
      return result.event;
    },
    applyIn: (repos, changes) => writer.applyIn(repos, changes),
    alarms: createAlarmDirectory({ store, writer, mute }),
    events: createEventLog({ store, feed, mute, retention }),
    suppressions: createSuppressionList({ store, audit, clock, mute }),
    silences: createSilenceDirectory({ store, audit, clock, mute }),
    receivers: createReceiverDirectory({ store, audit, clock, feed, dispatcher }),
    synced: createSyncedFaultSettings({ audit, clock, mute, feed, dispatcher, logger }),

    async start() {
      // As fm does: every alarm id (not logs) can be masked, whatever its catalogue flag says.
      const suppressible = ALARM_CATALOGUE.filter((d) => d.kind === 'alarm').map((d) => ({ uuid: randomUUID(), alarmId: d.id }));
      const added = await store.repos.suppressions.ensure(suppressible, clock.now());
      if (added > 0) logger.debug({ added }, 'event suppression entries added for new catalogue ids');
    },
    async stop() {
      await writer.drain();
    },
    loops: [feed.loop, dispatcher.deliveryLoop, dispatcher.resendLoop, retention.loop],
  };
}
