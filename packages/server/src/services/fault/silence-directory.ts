import { randomUUID } from 'node:crypto';
import { AppError, type Clock, type RequestContext } from '@murmuration/core/common';
import {
  checkMatcher, MAX_SILENCE_MATCHERS, silenceState, type SilenceMatcher, type SilenceRecord, type SilenceState,
} from '@murmuration/core/fault';
import type { Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';
import { faultNotFound } from './fault-not-found.js';
import type { MuteSources } from './mute-sources.js';

export interface SilenceInput {
  readonly matchers: readonly SilenceMatcher[];
  readonly comment: string;
  readonly createdBy?: string | undefined;
  readonly startsAt?: number | undefined;
  readonly endsAt: number;
}

/** Silences: alarms matching a set of matchers are hidden from listings and receivers for a while. */
export interface SilenceDirectory {
  create(ctx: RequestContext, input: SilenceInput): Promise<SilenceRecord>;
  list(states: readonly SilenceState[] | null): Promise<SilenceRecord[]>;
  get(uuid: string): Promise<SilenceRecord>;
  expire(ctx: RequestContext, uuid: string): Promise<SilenceRecord>;
}

const MAX_COMMENT = 1000;

export function createSilenceDirectory(deps: {
  store: Store;
  audit: AuditService;
  clock: Clock;
  mute: MuteSources;
}): SilenceDirectory {
  const { store, audit, clock, mute } = deps;
  return {
    async create(ctx, input) {
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
      const silence: SilenceRecord = {
        uuid: randomUUID(),
        matchers: input.matchers,
        createdBy,
        comment,
        startsAt,
        endsAt: input.endsAt,
        createdAt: now,
      };
      await audit.change(ctx, { target: `silence/${silence.uuid}` }, async (repos) => {
        await repos.silences.insert(silence);
        await mute.changed(repos);
      });
      return silence;
    },
    async list(states) {
      const now = clock.now();
      const all = await store.repos.silences.list();
      return states === null ? all : all.filter((s) => states.includes(silenceState(s, now)));
    },
    async get(uuid) {
      const silence = await store.repos.silences.find(uuid);
      if (!silence) throw faultNotFound('Silence', uuid);
      return silence;
    },
    async expire(ctx, uuid) {
      const now = clock.now();
      const silence = await audit.change(ctx, { target: `silence/${uuid}`, detail: 'expired' }, async (repos) => {
        const found = await repos.silences.find(uuid);
        if (!found) throw faultNotFound('Silence', uuid);
        if (silenceState(found, now) === 'expired') throw new AppError('CONFLICT', `Silence ${uuid} has already expired.`, { id: uuid });
        const expired = await repos.silences.expire(uuid, now);
        await mute.changed(repos);
        return expired;
      });
      return silence!;
    },
  };
}
