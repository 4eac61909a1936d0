import { AppError, queryFlag } from '@murmuration/core/common';
import { DcJoinRequest, IdentitySyncInput, PlatformSyncInput } from '@murmuration/core/contract/dc-agent';
import { SYNC_BODY_MAX_BYTES, type PushedEndpointType } from '@murmuration/core/dc';
import { AuthRequest } from '@murmuration/core/contract/identity';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toAppError } from '../api/error-handler.js';
import { syncDigest } from '../services/dc-agent/index.js';
import { requestPath, routeNotFound, sendEmpty, sendError, sendJson } from './hollow-answers.js';
import { hollowAuditAnswer } from './hollow-audit-answer.js';
import type { HollowFleet } from './hollow-fleet.js';
import { garbageBody } from './hollow-garbage.js';
import { BODY_LIMIT_BYTES, bodyReader } from './hollow-input.js';
import { hollowJoin } from './hollow-join.js';
import { hollowLogin } from './hollow-login.js';
import { leaveMembership, showMembership } from './hollow-membership.js';
import type { HollowRoute } from './hollow-route.js';
import { HOLLOW_ENDPOINTS, type HollowEndpoint } from './hollow-stats.js';
import { settleHollowStrategy } from './hollow-strategy.js';
import type { HollowSubcloud } from './hollow-subcloud.js';
import { hollowTokenValid } from './hollow-tokens.js';
import {
  dropPrestage, listPrestages, offerPrestage, prestageRouteOf, receiveChunk, showPrestage,
} from './hollow-prestage-api.js';
import { listReleases, RELEASE_PATH, showRelease, uploadBundle } from './hollow-usm-api.js';
import { actOnStrategy, createStrategy, removeStrategy, showStrategy } from './hollow-vim-api.js';

const AUTH_REQUIRED = 'The request you have made requires authentication.';
const readJoin = bodyReader(DcJoinRequest);
const readLogin = bodyReader(AuthRequest);

/** Whether an `If-None-Match` header names the ETag (one tag, or a list of them). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  if (ifNoneMatch === etag || ifNoneMatch === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

type Serve<R> = (fleet: HollowFleet, subcloud: HollowSubcloud, req: IncomingMessage, res: ServerResponse) => R;

const authToken = (req: IncomingMessage): string | undefined => {
  const token = req.headers['x-auth-token'];
  return typeof token === 'string' ? token : undefined;
};

/** What a real subcloud sends with its audit answer, 200 or 304. */
const auditHeaders = (etag: string) => ['etag', etag, 'cache-control', 'no-cache'];

/** `GET /dcagent/v1/audit`: the hot path, one cached body and its ETag per subcloud. */
const audit: Serve<void> = (fleet, subcloud, req, res) => {
  if (!hollowTokenValid(subcloud, authToken(req), Date.now())) {
    fleet.stats.answered('audit', 401);
    return sendError(req, res, new AppError('UNAUTHENTICATED', AUTH_REQUIRED));
  }
  fleet.stats.audited(subcloud.index);
  const behaviour = subcloud.behaviour;
  if (behaviour === 'invalid-json' || behaviour === 'huge') {
    fleet.stats.answered('audit', 200);
    return sendJson(req, res, 200, garbageBody(behaviour));
  }
  const answer = hollowAuditAnswer(subcloud, fleet.softwareVersion);
  if (matches(req.headers['if-none-match'], answer.etag)) {
    fleet.stats.answered('audit', 304);
    return sendEmpty(req, res, 304, auditHeaders(answer.etag));
  }
  fleet.stats.answered('audit', 200);
  sendJson(req, res, 200, answer.body, auditHeaders(answer.etag));
};

const join: Serve<Promise<void>> = async (fleet, subcloud, req, res) => {
  const body = await readJoin(req);
  // Its account is a hollow subcloud's one admin: with its token, a join needs no join token.
  const answer = hollowJoin(fleet, subcloud, body, hollowTokenValid(subcloud, authToken(req), Date.now()));
  sendJson(req, res, 200, JSON.stringify(answer));
};

const login: Serve<Promise<void>> = async (fleet, subcloud, req, res) => {
  const nocatalog = new URLSearchParams((req.url ?? '').split('?')[1] ?? '').get('nocatalog') ?? undefined;
  const body = await readLogin(req);
  const issued = hollowLogin(fleet, subcloud, body, { now: Date.now(), catalog: queryFlag(nocatalog) !== true });
  fleet.stats.loggedIn(subcloud.index);
  sendJson(req, res, 201, JSON.stringify(issued.body), ['x-subject-token', issued.secret]);
};

/**
 * `PUT /dcagent/v1/sync/{identity|platform}`: what a system controller pushes is what the subcloud
 * then holds, so its digest of that endpoint type becomes the digest of the pushed state, as a
 * real subcloud's does once it has applied it.
 */
const sync = (endpoint: PushedEndpointType, read: (req: IncomingMessage) => Promise<unknown>): HollowRoute =>
  async (fleet, subcloud, req, res) => {
    const digest = syncDigest(await read(req));
    fleet.setSyncDigests([subcloud.index], { [endpoint]: digest });
    sendJson(req, res, 200, JSON.stringify({ endpoint_type: endpoint, digest }));
  };

/** A route that needs a token of the subcloud's account, as every route of a real controller but login and join. */
const authenticated = (route: HollowRoute): HollowRoute => async (fleet, subcloud, req, res) => {
  if (!hollowTokenValid(subcloud, authToken(req), Date.now())) {
    req.resume();
    throw new AppError('UNAUTHENTICATED', AUTH_REQUIRED);
  }
  return route(fleet, subcloud, req, res);
};

const ROUTES: Readonly<Partial<Record<HollowEndpoint, HollowRoute>>> = {
  join,
  login,
  strategyShow: authenticated(showStrategy),
  strategyCreate: authenticated(createStrategy),
  strategyAction: authenticated(actOnStrategy),
  strategyDelete: authenticated(removeStrategy),
  releaseList: authenticated(listReleases),
  releaseShow: authenticated(showRelease),
  releaseUpload: authenticated(uploadBundle),
  syncIdentity: authenticated(sync('identity', bodyReader(IdentitySyncInput, SYNC_BODY_MAX_BYTES))),
  syncPlatform: authenticated(sync('platform', bodyReader(PlatformSyncInput, SYNC_BODY_MAX_BYTES))),
  membershipShow: authenticated(showMembership),
  membershipLeave: authenticated(leaveMembership),
  prestageList: authenticated(listPrestages),
  prestageOffer: authenticated(offerPrestage),
  prestageStatus: authenticated(showPrestage),
  prestageChunk: authenticated(receiveChunk),
  prestageDrop: authenticated(dropPrestage),
};
const BY_ROUTE: ReadonlyMap<string, readonly [HollowEndpoint, HollowRoute]> = new Map(
  Object.entries(ROUTES).map(([name, route]) => {
    const endpoint = name as HollowEndpoint;
    return [HOLLOW_ENDPOINTS[endpoint], [endpoint, route] as const];
  }),
);

function routeOf(method: string, path: string): readonly [HollowEndpoint, HollowRoute] | undefined {
  const found = BY_ROUTE.get(`${method} ${path}`);
  if (found) return found;
  const prestage = prestageRouteOf(method, path);
  if (prestage) return [prestage, ROUTES[prestage]!];
  return method === 'GET' && path.startsWith(RELEASE_PATH) && !path.slice(RELEASE_PATH.length).includes('/')
    ? ['releaseShow', ROUTES.releaseShow!]
    : undefined;
}

/**
 * Serves one request to one hollow subcloud: login, join, audit, sync, prestage, the VIM sw-deploy
 * strategy and USM releases; anything else is a 404 in its family's format. A strategy that ended since the
 * last request is taken into the subcloud first, so every answer sees it.
 */
export const serveHollowSubcloud: Serve<void> = (fleet, subcloud, req, res) => {
  if (subcloud.strategy !== null) settleHollowStrategy(subcloud, fleet.now());
  const method = req.method ?? 'GET';
  const path = requestPath(req.url);
  if (`${method} ${path}` === HOLLOW_ENDPOINTS.audit) return audit(fleet, subcloud, req, res);
  const found = routeOf(method, path);
  if (!found) {
    fleet.stats.answered('other', 404);
    req.resume();
    return sendError(req, res, routeNotFound(req));
  }
  const [endpoint, handler] = found;
  handler(fleet, subcloud, req, res).then(() => fleet.stats.answered(endpoint, res.statusCode), (error: unknown) => {
    const failure = toAppError(error, BODY_LIMIT_BYTES);
    fleet.stats.answered(endpoint, failure.status);
    if (!res.headersSent) sendError(req, res, failure);
  });
};
