import { randomUUID } from 'node:crypto';
import { AppError, type Clock, type RequestContext } from '@murmuration/core/common';
import { checkReceiverName, checkReceiverUrl, type ReceiverKind, type ReceiverRecord } from '@murmuration/core/fault';
import type { Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import type { EventFeed } from './event-feed.js';
import { faultNotFound } from './fault-not-found.js';
import type { ReceiverDispatcher } from './receiver-dispatcher.js';

export interface ReceiverInput {
  readonly name: string;
  readonly kind: ReceiverKind;
  readonly url: string;
  /** Pushed to every subcloud by a system controller; false unless given. */
  readonly fleetWide?: boolean;
}

/** What a modify changes: the fields given. */
export interface ReceiverChange {
  readonly kind?: ReceiverKind;
  readonly url?: string;
  readonly fleetWide?: boolean;
}

/** Receivers as operators see them: with how many changes still wait for delivery. */
export interface ReceiverStatus extends ReceiverRecord {
  readonly pending: number;
}

/** The notification receivers (webhooks, Alertmanager) the dispatcher delivers alarm changes to. */
export interface ReceiverDirectory {
  create(ctx: RequestContext, input: ReceiverInput): Promise<ReceiverStatus>;
  list(): Promise<ReceiverStatus[]>;
  get(idOrName: string): Promise<ReceiverStatus>;
  /**
   * Changes a receiver's type, URL or fleet-wide flag. It keeps its place in the event log: the
   * changes not yet delivered go to the new address.
   */
  update(ctx: RequestContext, idOrName: string, change: ReceiverChange): Promise<ReceiverStatus>;
  delete(ctx: RequestContext, idOrName: string): Promise<ReceiverRecord>;
}

export function createReceiverDirectory(deps: {
  store: Store;
  audit: AuditService;
  clock: Clock;
  feed: EventFeed;
  dispatcher: ReceiverDispatcher;
}): ReceiverDirectory {
  const { store, audit, clock, feed, dispatcher } = deps;

  async function withStatus(receivers: readonly ReceiverRecord[]): Promise<ReceiverStatus[]> {
    const head = await store.repos.events.maxSeq();
    return receivers.map((r) => ({ ...r, pending: Math.max(0, head - r.deliveredSeq) }));
  }

  return {
    async create(ctx, input) {
      const receiver: ReceiverRecord = {
        uuid: randomUUID(),
        name: checkReceiverName(input.name),
        kind: input.kind,
        url: checkReceiverUrl(input.url),
        fleetWide: input.fleetWide ?? false,
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
    async list() {
      return withStatus(await store.repos.receivers.list());
    },
    async get(idOrName) {
      const receiver = await store.repos.receivers.find(idOrName);
      if (!receiver) throw faultNotFound('Receiver', idOrName);
      return (await withStatus([receiver]))[0]!;
    },
    async update(ctx, idOrName, change) {
      if (change.kind === undefined && change.url === undefined && change.fleetWide === undefined) {
        throw new AppError('INVALID_INPUT', 'give type, url or fleet_wide to change', { field: 'fleet_wide' });
      }
      const url = change.url === undefined ? undefined : checkReceiverUrl(change.url);
      const changed = [['type', change.kind], ['url', url], ['fleet_wide', change.fleetWide]] as const;
      const detail = changed.flatMap(([field, value]) => (value === undefined ? [] : [`${field} ${String(value)}`])).join(', ');
      const updated = await audit.change(ctx, { target: `receiver/${idOrName}`, detail }, async (repos) => {
        const receiver = await repos.receivers.find(idOrName);
        if (!receiver) throw faultNotFound('Receiver', idOrName);
        await repos.receivers.update(receiver.uuid, { kind: change.kind, url, fleetWide: change.fleetWide });
        return (await repos.receivers.find(receiver.uuid))!;
      });
      await dispatcher.reload();
      return (await withStatus([updated]))[0]!;
    },
    async delete(ctx, idOrName) {
      const removed = await audit.change(ctx, { target: `receiver/${idOrName}` }, async (repos) => {
        const receiver = await repos.receivers.find(idOrName);
        if (!receiver) throw faultNotFound('Receiver', idOrName);
        await repos.receivers.remove(receiver.uuid);
        return receiver;
      });
      await dispatcher.reload();
      return removed;
    },
  };
}
