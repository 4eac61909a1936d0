import { AppError, parseDuration, sysinvTime, type Clock } from '@murmuration/core/common';
import {
  SilenceCollection, SilenceCreateBody, SilenceListQuery, SilenceObject, SilenceParam,
} from '@murmuration/core/contract/fault';
import {
  checkMatcher, silenceState, type SilenceMatcherField, type SilenceRecord, type SilenceState,
} from '@murmuration/core/fault';
import type { FaultService } from '../../services/fault/index.js';
import { NoContent, type Api } from '../api-types.js';

const tags = ['fm'];

function silenceObject(silence: SilenceRecord, now: number): SilenceObject {
  return {
    uuid: silence.uuid,
    matchers: silence.matchers.map((m) => ({ ...m })),
    created_by: silence.createdBy,
    comment: silence.comment,
    starts_at: sysinvTime(silence.startsAt),
    ends_at: sysinvTime(silence.endsAt),
    created_at: sysinvTime(silence.createdAt),
    state: silenceState(silence, now),
  };
}

function time(field: string, value: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new AppError('INVALID_INPUT', `${field} is not an ISO-8601 time: ${value}`, { field });
  return ms;
}

/**
 * Silences: mute the alarms that match all of a silence's matchers until it ends. They hide
 * matching alarms from default listings and the summary and keep them from receivers.
 */
export function silenceRoutes(app: Api, deps: { fault: FaultService; clock: Clock }): void {
  const { fault, clock } = deps;

  app.post(
    '/v1/silences',
    { config: { status: 201 }, schema: { tags, summary: 'Create a silence (matchers, comment, and ends_at or duration)', body: SilenceCreateBody, response: { 201: SilenceObject } } },
    async (request, reply) => {
      const body = request.body;
      const startsAt = body.starts_at !== undefined ? time('starts_at', body.starts_at) : undefined;
      if (body.ends_at !== undefined && body.duration !== undefined) throw new AppError('INVALID_INPUT', 'give ends_at or duration, not both', { field: 'duration' });
      let endsAt: number;
      if (body.ends_at !== undefined) endsAt = time('ends_at', body.ends_at);
      else if (body.duration !== undefined) endsAt = (startsAt ?? clock.now()) + parseDuration(body.duration);
      else throw new AppError('INVALID_INPUT', 'a silence needs ends_at or duration', { field: 'ends_at' });
      const matchers = body.matchers.map((m) =>
        checkMatcher({
          name: m.name as SilenceMatcherField,
          value: m.value,
          isRegex: m.isRegex ?? false,
          isEqual: m.isEqual ?? true,
        }),
      );
      const silence = await fault.silences.create(request.ctx, {
        matchers,
        comment: body.comment,
        createdBy: body.created_by,
        startsAt,
        endsAt,
      });
      return reply.code(201).send(silenceObject(silence, clock.now()));
    },
  );

  app.get(
    '/v1/silences',
    { schema: { tags, summary: 'List silences, newest first', querystring: SilenceListQuery, response: { 200: SilenceCollection } } },
    async (request) => {
      const states = request.query.state ? (request.query.state.split(',') as SilenceState[]) : null;
      const now = clock.now();
      return { silences: (await fault.silences.list(states)).map((s) => silenceObject(s, now)) };
    },
  );

  app.get('/v1/silences/:uuid', { schema: { tags, summary: 'Show a silence', params: SilenceParam, response: { 200: SilenceObject } } }, async (request) =>
    silenceObject(await fault.silences.get(request.params.uuid), clock.now()),
  );

  app.delete(
    '/v1/silences/:uuid',
    { config: { status: 204 }, schema: { tags, summary: 'Expire a silence now (it stays listed as expired)', params: SilenceParam, response: NoContent } },
    async (request, reply) => {
      await fault.silences.expire(request.ctx, request.params.uuid);
      return reply.code(204).send();
    },
  );
}
