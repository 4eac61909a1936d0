import { randomUUID } from 'node:crypto';
import {
  ALARM_CATALOGUE,
  AppError,
  buildAlarmSet,
  buildLogEntry,
  checkMatcher,
  checkReceiverName,
  checkReceiverUrl,
  MAX_SILENCE_MATCHERS,
  silenceState,
  type AlarmChange,
  type AlarmChangeResult,
  type AlarmRecord,
  type Clock,
  type EventRecord,
  type EventState,
  type NewEvent,
  type RaiseInput,
  type ReceiverKind,
  type ReceiverRecord,
  type RequestContext,
  type Severity,
  type SeverityCounts,
  type SilenceMatcher,
  type SilenceRecord,
  type SilenceState,
  type SuppressionRecord,
  type SuppressionStatus,
} from '@murmuration/core';
import type { AlarmFilter, AlarmSortKey, EventFilter, Repos, Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { BackgroundLoop } from '../../runtime/background-loop.js';
import type { AuditService } from '../audit/index.js';
import { createEventFeed, type EventFeed } from './event-feed.js';
import { createEventRetention } from './event-retention.js';
import { createFaultWriter, type ChangeAudit } from './fault-writer.js';
import { createMuteSources } from './mute-sources.js';
import type { InhibitRule, Muting } from './mute-view.js';
import { createReceiverDispatcher, type DeliverySettings } from './receiver-dispatcher.js';

export interface FaultSettings {
  /** Event-log records kept; older ones are trimmed in the background. */
  readonly eventLogRetention: number;
  readonly trimIntervalMs: number;
  readonly inhibitRules: readonly InhibitRule[];
  readonly delivery: DeliverySettings;
}

/** An alarm and why, if at all, it is hidden from default listings and receivers. */
export interface AlarmView {
  readonly alarm: AlarmRecord;
  readonly muting: Muting;
}

export interface AlarmListQuery {
  readonly filter: AlarmFilter;
  readonly includeSuppressed: boolean;
  readonly sortKey: AlarmSortKey;
  readonly descending: boolean;
  readonly limit: number | null;
  /** uuid of the last alarm of the previous page. */
  readonly marker: string | null;
}

export interface EventListQuery {
  readonly filter: Omit<EventFilter, 'excludeIds' | 'beforeSeq' | 'limit' | 'states'>;
  readonly states: readonly EventState[] | null;
  readonly includeSuppressed: boolean;
  readonly limit: number;
  /** uuid of the last record of the previous page. */
  readonly marker: string | null;
}

export interface SilenceInput {
  readonly matchers: readonly SilenceMatcher[];
  readonly comment: string;
  readonly createdBy?: string | undefined;
  readonly startsAt?: number | undefined;
  readonly endsAt: number;
}

export interface ReceiverInput {
  readonly name: string;
  readonly kind: ReceiverKind;
  readonly url: string;
}

/** Receivers as operators see them: with how many changes still wait for delivery. */
export interface ReceiverStatus extends ReceiverRecord {
  readonly pending: number;
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
  /** Deletes an active alarm by uuid (writes its clear record); 404 when there is none. */
  deleteAlarm(uuid: string, audit: ChangeAudit): Promise<AlarmRecord>;

  getAlarm(uuid: string): Promise<AlarmView>;
  listAlarms(query: AlarmListQuery): Promise<{ items: AlarmView[]; more: boolean }>;
  summary(includeSuppressed: boolean): Promise<SeverityCounts>;
  getEvent(uuid: string): Promise<EventRecord>;
  listEvents(query: EventListQuery): Promise<{ items: EventRecord[]; more: boolean }>;
  /** Event-log records after `seq`, oldest first, up to what the feed has passed on. */
  eventsAfter(seq: number, limit: number): Promise<EventRecord[]>;
  /** The oldest record still in the event log (0 when it is empty). */
  oldestEventSeq(): Promise<number>;
  /** Event ids whose alarms are masked. */
  suppressedIds(): Promise<ReadonlySet<string>>;

  listSuppressions(): Promise<SuppressionRecord[]>;
  setSuppression(ctx: RequestContext, uuid: string, status: SuppressionStatus): Promise<SuppressionRecord>;

  createSilence(ctx: RequestContext, input: SilenceInput): Promise<SilenceRecord>;
  listSilences(states: readonly SilenceState[] | null): Promise<SilenceRecord[]>;
  getSilence(uuid: string): Promise<SilenceRecord>;
  expireSilence(ctx: RequestContext, uuid: string): Promise<SilenceRecord>;

  createReceiver(ctx: RequestContext, input: ReceiverInput): Promise<ReceiverStatus>;
  listReceivers(): Promise<ReceiverStatus[]>;
  getReceiver(idOrName: string): Promise<ReceiverStatus>;
  deleteReceiver(ctx: RequestContext, idOrName: string): Promise<ReceiverRecord>;

  /** Counts by alarm id and severity, for metrics. */
  alarmCounts(): Promise<{ alarmId: string; severity: Severity; count: number }[]>;
  /** Trims the event log now (the background trim does this on its own). */
  trimEventLog(): Promise<number>;
  readonly feed: EventFeed;
  readonly stats: { readonly commits: number; readonly changes: number; readonly delivered: number; readonly deliveryFailures: number };
  /** The event feed, receiver delivery, the Alertmanager resend and the event-log trim, in start order. */
  readonly loops: readonly BackgroundLoop[];
  /** Adds suppression entries for new catalogue ids. */
  start(): Promise<void>;
  /** Commits the alarm changes still pending (after the loops stopped). */
  stop(): Promise<void>;
}

const MAX_COMMENT = 1000;

function notFoundError(what: string, id: string): AppError {
  return new AppError('NOT_FOUND', `${what} ${id} could not be found.`, { id });
}

export function createFaultService(deps: {
  store: Store;
  audit: AuditService;
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
  const mute = createMuteSources({ store, clock, rules: settings.inhibitRules, refreshMs: 2000 });
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
  const retention = createEventRetention({ store, keep: settings.eventLogRetention, intervalMs: settings.trimIntervalMs, logger });

  async function view(alarms: readonly AlarmRecord[]): Promise<AlarmView[]> {
    const mutes = await mute.view();
    return alarms.map((alarm) => ({ alarm, muting: mutes.muting(alarm) }));
  }

  const isHidden = (v: AlarmView): boolean => v.muting.suppressed || v.muting.silencedBy.length > 0 || v.muting.inhibitedBy.length > 0;

  async function withStatus(receivers: readonly ReceiverRecord[]): Promise<ReceiverStatus[]> {
    const head = await store.repos.events.maxSeq();
    return receivers.map((r) => ({ ...r, pending: Math.max(0, head - r.deliveredSeq) }));
  }

  return {
    feed,
    get stats() {
      return { commits: writer.stats.batches, changes: writer.stats.changes, delivered: dispatcher.stats.delivered, deliveryFailures: dispatcher.stats.failures };
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
    async deleteAlarm(uuid, changeAudit) {
      const result = await writer.submit({ kind: 'clear-uuid', uuid }, changeAudit);
      const cleared = result.kind === 'clear' ? result.cleared[0] : undefined;
      if (!cleared) throw notFoundError('Alarm', uuid);
      return cleared;
    },

    async getAlarm(uuid) {
      const alarm = await store.repos.alarms.find(uuid);
      if (!alarm) throw notFoundError('Alarm', uuid);
      return (await view([alarm]))[0]!;
    },
    async listAlarms(query) {
      const mutes = await mute.view();
      let after: AlarmRecord | null = null;
      if (query.marker !== null) {
        after = await store.repos.alarms.find(query.marker);
        if (!after) throw notFoundError('Alarm', query.marker);
      }
      const wanted = query.limit ?? Number.MAX_SAFE_INTEGER;
      const excluded = query.includeSuppressed ? [] : [...mutes.suppressedIds];
      const items: AlarmView[] = [];
      // Read in keyset pages, dropping muted alarms, until one more than a page is in hand.
      const step = Math.min(wanted + 1, 5000);
      for (;;) {
        const rows = await store.repos.alarms.page(query.filter, query.sortKey, query.descending, after, step, excluded);
        for (const alarm of rows) {
          const muting = mutes.muting(alarm);
          if (query.includeSuppressed || !isHidden({ alarm, muting })) items.push({ alarm, muting });
        }
        if (rows.length < step || items.length > wanted) break;
        after = rows.at(-1)!;
      }
      return items.length > wanted ? { items: items.slice(0, wanted), more: true } : { items, more: false };
    },
    async summary(includeSuppressed) {
      const mutes = await mute.view();
      let counts: Map<Severity, number>;
      if (includeSuppressed || mutes.onlySuppression) {
        // Counting in the database: nothing to evaluate alarm by alarm.
        const excluded = includeSuppressed ? [] : [...mutes.suppressedIds];
        counts = new Map((await store.repos.alarms.severityCounts(excluded)).map((c) => [c.severity, c.count]));
      } else {
        counts = new Map();
        for (const alarm of await store.repos.alarms.list({})) {
          if (!mutes.isMuted(alarm)) counts.set(alarm.severity, (counts.get(alarm.severity) ?? 0) + 1);
        }
      }
      const count = (s: Severity): number => counts.get(s) ?? 0;
      return { critical: count('critical'), major: count('major'), minor: count('minor'), warnings: count('warning') };
    },
    async getEvent(uuid) {
      const event = await store.repos.events.find(uuid);
      if (!event) throw notFoundError('Event log', uuid);
      return event;
    },
    async listEvents(query) {
      let beforeSeq: number | undefined;
      if (query.marker !== null) {
        const marker = await store.repos.events.find(query.marker);
        if (!marker) throw new AppError('INVALID_INPUT', `marker ${query.marker} is not an event-log record`, { field: 'marker' });
        beforeSeq = marker.seq;
      }
      const excludeIds = query.includeSuppressed ? [] : [...(await mute.suppressedIds())];
      const items = await store.repos.events.list({
        ...query.filter,
        ...(query.states ? { states: query.states } : {}),
        excludeIds,
        ...(beforeSeq !== undefined ? { beforeSeq } : {}),
        limit: query.limit + 1,
      });
      return { items: items.slice(0, query.limit), more: items.length > query.limit };
    },
    suppressedIds: () => mute.suppressedIds(),
    eventsAfter: (seq, limit) => store.repos.events.range(seq, feed.position(), limit),
    oldestEventSeq: () => store.repos.events.minSeq(),

    listSuppressions: () => store.repos.suppressions.list(),
    async setSuppression(ctx, uuid, status) {
      const updated = await audit.change(ctx, { target: `event_suppression/${uuid}`, detail: status }, async (repos) => {
        const record = await repos.suppressions.setStatus(uuid, status, clock.now());
        if (!record) throw notFoundError('Event suppression', uuid);
        return record;
      });
      mute.invalidate();
      return updated;
    },

    async createSilence(ctx, input) {
      if (input.matchers.length === 0) throw new AppError('INVALID_INPUT', 'a silence needs at least one matcher', { field: 'matchers' });
      if (input.matchers.length > MAX_SILENCE_MATCHERS) throw new AppError('INVALID_INPUT', `a silence has at most ${MAX_SILENCE_MATCHERS} matchers`, { field: 'matchers' });
      input.matchers.forEach(checkMatcher);
      const comment = input.comment.trim();
      if (comment.length === 0 || comment.length > MAX_COMMENT) throw new AppError('INVALID_INPUT', `comment is required (1 to ${MAX_COMMENT} characters): say why`, { field: 'comment' });
      const now = clock.now();
      const startsAt = input.startsAt ?? now;
      if (input.endsAt <= now) throw new AppError('INVALID_INPUT', 'ends_at is in the past: a silence must end in the future', { field: 'ends_at' });
      if (startsAt >= input.endsAt) throw new AppError('INVALID_INPUT', 'starts_at must be before ends_at', { field: 'starts_at' });
      const createdBy = input.createdBy?.trim() || ctx.actor?.userName || 'unknown';
      const silence: SilenceRecord = { uuid: randomUUID(), matchers: input.matchers, createdBy, comment, startsAt, endsAt: input.endsAt, createdAt: now };
      await audit.change(ctx, { target: `silence/${silence.uuid}` }, (repos) => repos.silences.insert(silence));
      mute.invalidate();
      return silence;
    },
    async listSilences(states) {
      const now = clock.now();
      const all = await store.repos.silences.list();
      return states === null ? all : all.filter((s) => states.includes(silenceState(s, now)));
    },
    async getSilence(uuid) {
      const silence = await store.repos.silences.find(uuid);
      if (!silence) throw notFoundError('Silence', uuid);
      return silence;
    },
    async expireSilence(ctx, uuid) {
      const now = clock.now();
      const silence = await audit.change(ctx, { target: `silence/${uuid}`, detail: 'expired' }, async (repos) => {
        const found = await repos.silences.find(uuid);
        if (!found) throw notFoundError('Silence', uuid);
        if (silenceState(found, now) === 'expired') throw new AppError('CONFLICT', `Silence ${uuid} has already expired.`, { id: uuid });
        return repos.silences.expire(uuid, now);
      });
      mute.invalidate();
      return silence!;
    },

    async createReceiver(ctx, input) {
      const receiver: ReceiverRecord = {
        uuid: randomUUID(),
        name: checkReceiverName(input.name),
        kind: input.kind,
        url: checkReceiverUrl(input.url),
        createdAt: clock.now(),
        deliveredSeq: 0,
        lastSuccessAt: null,
        lastAttemptAt: null,
        lastError: null,
        failures: 0,
        dropped: 0,
      };
      const created = await audit.change(ctx, { target: `receiver/${receiver.name}` }, async (repos) => {
        if (await repos.receivers.find(receiver.name)) throw new AppError('CONFLICT', `A receiver named ${receiver.name} already exists.`, { field: 'name' });
        // A new receiver hears about changes from now on, not the whole history.
        const start = { ...receiver, deliveredSeq: Math.max(feed.position(), await repos.events.maxSeq()) };
        await repos.receivers.insert(start);
        return start;
      });
      await dispatcher.reload();
      return (await withStatus([created]))[0]!;
    },
    async listReceivers() {
      return withStatus(await store.repos.receivers.list());
    },
    async getReceiver(idOrName) {
      const receiver = await store.repos.receivers.find(idOrName);
      if (!receiver) throw notFoundError('Receiver', idOrName);
      return (await withStatus([receiver]))[0]!;
    },
    async deleteReceiver(ctx, idOrName) {
      const removed = await audit.change(ctx, { target: `receiver/${idOrName}` }, async (repos) => {
        const receiver = await repos.receivers.find(idOrName);
        if (!receiver) throw notFoundError('Receiver', idOrName);
        await repos.receivers.remove(receiver.uuid);
        return receiver;
      });
      await dispatcher.reload();
      return removed;
    },

    alarmCounts: () => store.repos.alarms.counts(),
    trimEventLog: () => retention.trimNow(),

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
