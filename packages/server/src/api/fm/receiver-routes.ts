import { sysinvTime } from '@murmuration/core/common';
import {
  ReceiverCollection, ReceiverCreateBody, ReceiverObject, ReceiverParam, ReceiverUpdateBody,
} from '@murmuration/core/contract/fault';
import type { FaultService, ReceiverStatus } from '../../services/fault/index.js';
import { NoContent, type Api } from '../api-types.js';

const tags = ['fm'];

const maybeTime = (ms: number | null): string | null => (ms === null ? null : sysinvTime(ms));

function receiverObject(receiver: ReceiverStatus): ReceiverObject {
  return {
    uuid: receiver.uuid,
    name: receiver.name,
    type: receiver.kind,
    url: receiver.url,
    fleet_wide: receiver.fleetWide,
    created_at: sysinvTime(receiver.createdAt),
    delivered_seq: receiver.deliveredSeq,
    pending: receiver.pending,
    last_success_at: maybeTime(receiver.lastSuccessAt),
    last_attempt_at: maybeTime(receiver.lastAttemptAt),
    last_error: receiver.lastError,
    failures: receiver.failures,
    dropped: receiver.dropped,
  };
}

/** Notification receivers: webhooks and Prometheus Alertmanagers, fed from a persistent cursor. */
export function receiverRoutes(app: Api, deps: { fault: FaultService }): void {
  const { fault } = deps;

  app.post(
    '/v1/receivers',
    { config: { status: 201 }, schema: { tags, summary: 'Add a receiver; it gets the changes made from now on', body: ReceiverCreateBody, response: { 201: ReceiverObject } } },
    async (request, reply) => {
      const { name, type, url, fleet_wide: fleetWide } = request.body;
      const created = await fault.receivers.create(request.ctx, { name, kind: type, url, fleetWide });
      return reply.code(201).send(receiverObject(created));
    },
  );

  app.get('/v1/receivers', { schema: { tags, summary: 'List receivers and their delivery state', response: { 200: ReceiverCollection } } }, async () => ({
    receivers: (await fault.receivers.list()).map(receiverObject),
  }));

  app.get('/v1/receivers/:id', { schema: { tags, summary: 'Show a receiver (by uuid or name)', params: ReceiverParam, response: { 200: ReceiverObject } } }, async (request) =>
    receiverObject(await fault.receivers.get(request.params.id)),
  );

  app.patch(
    '/v1/receivers/:id',
    {
      schema: {
        tags, summary: 'Change a receiver\'s type, URL or fleet-wide flag (by uuid or name); it keeps its place in the log',
        params: ReceiverParam, body: ReceiverUpdateBody, response: { 200: ReceiverObject },
      },
    },
    async (request) => {
      const { type, url, fleet_wide: fleetWide } = request.body;
      const updated = await fault.receivers.update(request.ctx, request.params.id, { kind: type, url, fleetWide });
      return receiverObject(updated);
    },
  );

  app.delete(
    '/v1/receivers/:id',
    { config: { status: 204 }, schema: { tags, summary: 'Delete a receiver (by uuid or name)', params: ReceiverParam, response: NoContent } },
    async (request, reply) => {
      await fault.receivers.delete(request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );
}
