import { AppError } from '@murmuration/core/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RELEASE_STATES } from '@murmuration/core/software';
import Type, { type Static, type TSchema } from 'typebox';
import { toAppError } from '../api/error-handler.js';
import { requestPath, routeNotFound, sendEmpty, sendError, sendJson } from './hollow-answers.js';
import { hollowAuditAnswer } from './hollow-audit-answer.js';
import type { HollowFleet } from './hollow-fleet.js';
import { bodyReader } from './hollow-input.js';
import { givenRelease } from './hollow-releases.js';
import type { HollowBehaviour } from './hollow-subcloud.js';
import { issueHollowToken } from './hollow-tokens.js';

/**
 * The control API of a hollow fleet, under `/hollow/v1/` on the control address (127.0.0.1): what a
 * test or a benchmark does to the fleet (change state, take subclouds down, break their audit)
 * and what it reads back (what reached the fleet). Never served on a subcloud's address.
 */
export const HOLLOW_CONTROL_PREFIX = '/hollow/v1/';

/** Lists of up to every subcloud's index: larger bodies than the subcloud APIs take. */
const CONTROL_BODY_LIMIT = 16 * 1024 * 1024;
const Indices = Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 10_000_000 });
const IndicesBody = Type.Object({ indices: Indices }, { additionalProperties: false });
const ChangeBody = Type.Object({ count: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });
const KillBody = Type.Object(
  { indices: Indices, mode: Type.Optional(Type.Union([Type.Literal('refuse'), Type.Literal('hang')])) },
  { additionalProperties: false },
);
const Digest = Type.Union([Type.String({ pattern: '^[0-9a-f]{64}$' }), Type.Null()]);
const SyncBody = Type.Object(
  {
    indices: Indices,
    digests: Type.Object(
      { identity: Type.Optional(Digest), platform: Type.Optional(Digest), software: Type.Optional(Digest) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
const GarbageBody = Type.Object(
  { indices: Indices, kind: Type.Optional(Type.Union([Type.Literal('invalid-json'), Type.Literal('huge')])) },
  { additionalProperties: false },
);

const ReleasesBody = Type.Object(
  {
    indices: Indices,
    releases: Type.Array(
      Type.Object(
        {
          // Checked as a bundle's metadata.json is.
          release_id: Type.String({ maxLength: 128 }),
          sw_version: Type.String({ maxLength: 32 }),
          state: Type.Optional(Type.Union(RELEASE_STATES.map((s) => Type.Literal(s)))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 64 },
    ),
  },
  { additionalProperties: false },
);

/** What the control API does to the connections it holds when subclouds start refusing or stop hanging. */
export interface HollowConnections {
  /** Resets every open connection to the subclouds given. */
  reset(indices: ReadonlySet<number>): void;
}

type Route = (
  fleet: HollowFleet,
  connections: HollowConnections,
  req: IncomingMessage,
  res: ServerResponse,
) => Promise<void>;

function checkedIndices(fleet: HollowFleet, indices: readonly number[]): number[] {
  const count = fleet.subclouds.length;
  const out = indices.findIndex((i) => i >= count);
  if (out !== -1) {
    throw new AppError('INVALID_INPUT', `Invalid input: body.indices.${out} is ${indices[out]}; the fleet has ${count} subclouds`, {
      field: `body.indices.${out}`,
    });
  }
  return [...indices];
}

function withBody<S extends TSchema>(
  schema: S,
  act: (fleet: HollowFleet, connections: HollowConnections, body: Static<S>) => unknown,
): Route {
  const read = bodyReader(schema, CONTROL_BODY_LIMIT);
  return async (fleet, connections, req, res) => {
    const result = act(fleet, connections, await read(req));
    if (result === undefined) sendEmpty(req, res, 204);
    else sendJson(req, res, 200, JSON.stringify(result));
  };
}

function behave(
  fleet: HollowFleet,
  connections: HollowConnections,
  indices: readonly number[],
  behaviour: HollowBehaviour,
): void {
  const checked = checkedIndices(fleet, indices);
  const interrupted = checked.filter((i) => behaviour === 'refusing' || fleet.subclouds[i]!.behaviour === 'hanging');
  fleet.behave(checked, behaviour);
  connections.reset(new Set(interrupted));
}

const ROUTES: Readonly<Record<string, Route>> = {
  'GET stats': async (fleet, _connections, req, res) => {
    req.resume();
    sendJson(req, res, 200, JSON.stringify(fleet.stats.snapshot(fleet.joinedCount())));
  },
  'POST stats/reset': async (fleet, _connections, req, res) => {
    req.resume();
    fleet.stats.reset();
    sendEmpty(req, res, 204);
  },
  /** Changes the alarm counts of `count` subclouds picked at random: their audit answers change. */
  'POST change': withBody(ChangeBody, (fleet, _connections, body) => ({ changed: fleet.changeAlarms(body.count) })),
  'POST kill': withBody(KillBody, (fleet, connections, body) => {
    behave(fleet, connections, body.indices, body.mode === 'hang' ? 'hanging' : 'refusing');
  }),
  'POST revive': withBody(IndicesBody, (fleet, connections, body) => {
    behave(fleet, connections, body.indices, 'serving');
  }),
  'POST garbage': withBody(GarbageBody, (fleet, connections, body) => {
    behave(fleet, connections, body.indices, body.kind ?? 'invalid-json');
  }),
  /** A new join token for each subcloud, as `join-token create` makes one on a real subcloud. */
  'POST join-tokens': withBody(IndicesBody, (fleet, _connections, body) => ({
    join_tokens: checkedIndices(fleet, body.indices).map((i) => fleet.newJoinToken(i)),
  })),
  /**
   * Sets the digests the subclouds report for some endpoint types, as if a sync had brought the system controller's
   * resources (null: back to the digest of what they hold).
   */
  'POST sync': withBody(SyncBody, (fleet, _connections, body) => {
    fleet.setSyncDigests(checkedIndices(fleet, body.indices), body.digests);
  }),
  /** Their next apply of a VIM sw-deploy strategy ends `apply-failed` (at its first deployment to hosts). */
  'POST fail-deploy': withBody(IndicesBody, (fleet, _connections, body) => {
    fleet.failNextDeploy(checkedIndices(fleet, body.indices));
  }),
  /** They hold these releases (state `available` unless given), as if uploaded or prestaged. */
  'POST releases': withBody(ReleasesBody, (fleet, _connections, body) => {
    const releases = body.releases.map((r) => givenRelease(r.release_id, r.sw_version, r.state ?? 'available'));
    fleet.giveReleases(checkedIndices(fleet, body.indices), releases);
  }),
  /**
   * A token of each joined subcloud's account (null for one not joined) and its current ETag:
   * what a bare client needs to fetch the audit of subclouds a system controller has joined.
   */
  'POST tokens': withBody(IndicesBody, (fleet, _connections, body) => {
    const now = Date.now();
    const subclouds = checkedIndices(fleet, body.indices).map((i) => fleet.subclouds[i]!);
    return {
      tokens: subclouds.map((s) => (s.account === null ? null : issueHollowToken(s, now, fleet.tokenTtlMs).secret)),
      etags: subclouds.map((s) => hollowAuditAnswer(s, fleet.softwareVersion).etag),
    };
  }),
};

export function serveHollowControl(
  fleet: HollowFleet,
  connections: HollowConnections,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const path = requestPath(req.url);
  const name = `${req.method ?? 'GET'} ${path.slice(HOLLOW_CONTROL_PREFIX.length)}`;
  const route = path.startsWith(HOLLOW_CONTROL_PREFIX) ? ROUTES[name] : undefined;
  if (!route) {
    req.resume();
    return sendError(req, res, routeNotFound(req));
  }
  route(fleet, connections, req, res).catch((error: unknown) => {
    if (!res.headersSent) sendError(req, res, toAppError(error, CONTROL_BODY_LIMIT));
  });
}
