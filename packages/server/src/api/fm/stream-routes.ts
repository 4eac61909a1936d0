import type { EventRecord } from '@murmuration/core/fault';
import type { ServerResponse } from 'node:http';
import Type from 'typebox';
import { changeKindOf, type FaultService } from '../../services/fault/index.js';
import type { Api } from '../api-types.js';
import { eventObject } from './fm-views.js';

const tags = ['fm'];
const StreamQuery = Type.Object(
  { last_event_id: Type.Optional(Type.Integer({ minimum: 0, description: 'resume after this event id (as the Last-Event-ID header does)' })) },
  { additionalProperties: false },
);
const HEARTBEAT_MS = 15_000;
/** A client this far behind is cut off; it can resume from its last event id. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const BACKFILL_PAGE = 1000;

function lastEventId(header: string | string[] | undefined, query: number | undefined): number | null {
  if (query !== undefined) return query;
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/**
 * `GET /fm/v1/stream`: server-sent events for every alarm change and log, in commit order.
 * Each event's id is its event-log sequence number, so a client that reconnects with
 * `Last-Event-ID` gets what it missed (or a `gap` event when the log was trimmed past it).
 */
export function streamRoutes(app: Api, deps: { fault: FaultService }): void {
  const { fault } = deps;
  const open = new Set<ServerResponse>();
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  app.get(
    '/v1/stream',
    {
      schema: {
        tags,
        summary: 'Server-sent events of alarm changes and logs (event: alarm | log | gap), resumable with Last-Event-ID',
        querystring: StreamQuery,
        response: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: Type.String() } } } },
      },
    },
    async (request, reply) => {
      const resume = lastEventId(request.headers['last-event-id'], request.query.last_event_id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-openstack-request-id': request.id,
      });
      res.write('retry: 2000\n\n');
      open.add(res);

      let lastSent = resume ?? -1;
      let live = false;
      const pending: EventRecord[] = [];
      let closed = false;

      const send = async (events: readonly EventRecord[]): Promise<void> => {
        const fresh = events.filter((e) => e.seq > lastSent);
        if (fresh.length === 0 || closed) return;
        const suppressed = await fault.suppressions.suppressedIds();
        let text = '';
        for (const event of fresh) {
          const data = { seq: event.seq, change: event.state === 'log' ? 'log' : changeKindOf(event), ...eventObject(event, suppressed, true), alarm_uuid: event.alarmUuid };
          text += `id: ${event.seq}\nevent: ${event.state === 'log' ? 'log' : 'alarm'}\ndata: ${JSON.stringify(data)}\n\n`;
        }
        lastSent = fresh.at(-1)!.seq;
        res.write(text);
        if (res.writableLength > MAX_BUFFERED_BYTES) res.end(': too far behind; reconnect with Last-Event-ID\n\n');
      };

      let chain = Promise.resolve();
      const enqueue = (events: readonly EventRecord[]): void => {
        chain = chain.then(() => send(events)).catch((error: unknown) => request.log.warn({ err: error }, 'event stream write failed'));
      };

      const unsubscribe = await fault.feed.subscribe((events) => {
        if (live) enqueue(events);
        else pending.push(...events);
      });
      const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
      const cleanup = (): void => {
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      };
      res.on('close', cleanup);

      try {
        if (resume !== null) {
          const oldest = await fault.events.oldestSeq();
          if (oldest > resume + 1) {
            res.write(`event: gap\ndata: ${JSON.stringify({ after: resume, resumed_at: oldest, reason: 'trimmed from the event log' })}\n\n`);
          }
          for (;;) {
            const page = await fault.events.after(lastSent, BACKFILL_PAGE);
            if (page.length === 0 || closed) break;
            await send(page);
          }
        }
      } catch (error) {
        request.log.warn({ err: error }, 'event stream backfill failed');
        res.end();
        return;
      }
      live = true;
      enqueue(pending.splice(0));
    },
  );
}
