import { randomUUID } from 'node:crypto';
import type { Clock, RequestContext } from '@murmuration/core/common';
import type { ReceiverKind, SilenceMatcher, SilenceRecord, SuppressionStatus } from '@murmuration/core/fault';
import type { Repos } from '@murmuration/store';
import type { Logger } from 'pino';
import type { AuditNote, AuditService } from '../audit/index.js';
import type { EventFeed } from './event-feed.js';
import type { MuteSources } from './mute-sources.js';
import type { ReceiverDispatcher } from './receiver-dispatcher.js';

/** A silence by what it matches and when: what two controllers compare, never its id. */
export interface SyncedSilence {
  readonly matchers: readonly SilenceMatcher[];
  readonly comment: string;
  readonly startsAt: number;
  readonly endsAt: number;
}

/**
 * The fault settings another controller holds, whole: suppression by alarm id, live silences,
 * fleet-wide receivers by name.
 */
export interface SyncedFaultState {
  readonly suppressions: readonly { readonly alarmId: string; readonly status: SuppressionStatus }[];
  readonly silences: readonly SyncedSilence[];
  readonly receivers: readonly { readonly name: string; readonly kind: ReceiverKind; readonly url: string }[];
}

/**
 * Fault settings made equal to another controller's (a system controller's), in the caller's
 * transaction with one audit entry per change: each alarm id's suppression set as the state says
 * (ids it does not list dropped, ids it adds made), the silences not yet ended replaced (the
 * ones it does not hold end now, the missing ones are made), receivers created, changed or
 * deleted by name, among the fleet-wide ones (the others are this controller's own and are
 * kept; one with the name of a pushed receiver gives way to it). A receiver whose type or URL
 * changes is made anew: it hears of changes from then on. Once committed, the muting cache is
 * reloaded and the dispatcher follows the receivers.
 */
export interface SyncedFaultSettings {
  /** Returns how many changes were made: 0 when this controller held the state already (nothing audited then). */
  replaceIn(repos: Repos, ctx: RequestContext, desired: SyncedFaultState): Promise<number>;
}

const silenceKey = (s: SyncedSilence): string =>
  JSON.stringify([s.matchers.map((m) => [m.name, m.value, m.isRegex, m.isEqual]), s.comment, s.startsAt, s.endsAt]);

export function createSyncedFaultSettings(deps: {
  audit: AuditService;
  clock: Clock;
  mute: MuteSources;
  feed: EventFeed;
  dispatcher: ReceiverDispatcher;
  logger: Logger;
}): SyncedFaultSettings {
  const { audit, clock, mute, feed, dispatcher, logger } = deps;
  const synced = (text: string) => `${text} (synced)`;

  async function applySuppressions(repos: Repos, notes: AuditNote[], desired: SyncedFaultState): Promise<void> {
    const held = new Map((await repos.suppressions.list()).map((s) => [s.alarmId, s]));
    for (const want of desired.suppressions) {
      const have = held.get(want.alarmId);
      held.delete(want.alarmId);
      if (!have) {
        const uuid = randomUUID();
        await repos.suppressions.ensure([{ uuid, alarmId: want.alarmId }], clock.now());
        if (want.status !== 'unsuppressed') await repos.suppressions.setStatus(uuid, want.status, clock.now());
        notes.push({ target: `event_suppression/${uuid}`, detail: synced(`${want.alarmId} listed, ${want.status}`) });
        continue;
      }
      if (have.status === want.status) continue;
      await repos.suppressions.setStatus(have.uuid, want.status, clock.now());
      notes.push({ target: `event_suppression/${have.uuid}`, detail: synced(`${want.alarmId} ${want.status}`) });
    }
    for (const gone of held.values()) {
      await repos.suppressions.remove(gone.uuid);
      notes.push({ target: `event_suppression/${gone.uuid}`, detail: synced(`${gone.alarmId} no longer listed`) });
    }
  }

  async function applySilences(
    repos: Repos,
    ctx: RequestContext,
    notes: AuditNote[],
    desired: SyncedFaultState,
  ): Promise<void> {
    const now = clock.now();
    // Several silences may be alike: they are counted, not collapsed.
    const held = new Map<string, SilenceRecord[]>();
    for (const silence of await repos.silences.list(now)) {
      const key = silenceKey(silence);
      held.set(key, [...(held.get(key) ?? []), silence]);
    }
    for (const want of desired.silences) {
      // A silence that has ended by this controller's clock is history here: nothing to make.
      if (want.endsAt <= now) continue;
      const alike = held.get(silenceKey(want));
      if (alike !== undefined && alike.length > 0) {
        alike.pop();
        continue;
      }
      const silence: SilenceRecord = {
        uuid: randomUUID(), matchers: want.matchers, createdBy: ctx.actor?.userName ?? 'sync', comment: want.comment,
        startsAt: want.startsAt, endsAt: want.endsAt, createdAt: now,
      };
      await repos.silences.insert(silence);
      notes.push({ target: `silence/${silence.uuid}`, detail: synced('created') });
    }
    for (const silence of [...held.values()].flat()) {
      await repos.silences.expire(silence.uuid, now);
      notes.push({ target: `silence/${silence.uuid}`, detail: synced('expired') });
    }
  }

  async function applyReceivers(repos: Repos, notes: AuditNote[], desired: SyncedFaultState): Promise<void> {
    const all = await repos.receivers.list();
    // Only the fleet-wide ones are the system controller's; the others are this site's own.
    const held = new Map(all.filter((r) => r.fleetWide).map((r) => [r.name, r]));
    const local = new Map(all.filter((r) => !r.fleetWide).map((r) => [r.name, r]));
    for (const want of desired.receivers) {
      const have = held.get(want.name);
      held.delete(want.name);
      if (have && have.kind === want.kind && have.url === want.url) continue;
      // A name is one receiver's: the fleet's takes it over from a local one.
      const replaced = have ?? local.get(want.name);
      if (replaced) await repos.receivers.remove(replaced.uuid);
      // As a receiver made by hand: it hears about changes from now on, not the whole history.
      await repos.receivers.insert({
        uuid: randomUUID(), name: want.name, kind: want.kind, url: want.url, fleetWide: true, createdAt: clock.now(),
        deliveredSeq: Math.max(feed.position(), await repos.events.maxSeq()), lastSuccessAt: null, lastAttemptAt: null,
        lastError: null, failures: 0, dropped: 0,
      });
      const what = have ? 'changed' : replaced ? 'created in place of the local receiver' : 'created';
      notes.push({ target: `receiver/${want.name}`, detail: synced(what) });
    }
    for (const gone of held.values()) {
      await repos.receivers.remove(gone.uuid);
      notes.push({ target: `receiver/${gone.name}`, detail: synced('deleted') });
    }
  }

  return {
    async replaceIn(repos, ctx, desired) {
      const notes: AuditNote[] = [];
      await applySuppressions(repos, notes, desired);
      await applySilences(repos, ctx, notes, desired);
      await applyReceivers(repos, notes, desired);
      await audit.appendMany(repos, notes.map((note) => ({ ctx, note })));
      if (notes.length > 0) {
        await mute.changed(repos);
        repos.afterCommit(() => {
          dispatcher.reload().catch((error: unknown) => logger.warn({ err: error }, 'receivers not reloaded after a sync'));
        });
      }
      return notes.length;
    },
  };
}
