import { DcPrestageOffer, PRESTAGE_CHUNK_SHA256_HEADER, PRESTAGE_MAX_CHUNK_BYTES } from '@murmuration/core/contract/dc-prestage';
import {
  chunkTypeRefusal, mediaType, PRESTAGE_CHUNK_CONTENT_TYPE, PrestageChunkHeaders, PrestageChunkParams,
  PrestageReleaseParam,
} from '../api/dcagent/prestage-params.js';
import { decoded, readBody, requestPath, sendEmpty, sendJson } from './hollow-answers.js';
import { bodyReader, partChecker } from './hollow-input.js';
import {
  dropHollowPrestage, hollowPrestageStatus, listHollowPrestages, offerHollowPrestage, receiveHollowChunk,
} from './hollow-prestage.js';
import type { HollowRoute } from './hollow-route.js';
import type { HollowEndpoint } from './hollow-stats.js';

/**
 * `/dcagent/v1/prestage` on a hollow subcloud: the routes a real subcloud serves (`api/dcagent/prestage-routes.ts`),
 * with its parameter checks.
 */

export const PRESTAGE_PATH = '/dcagent/v1/prestage';
const readOffer = bodyReader(DcPrestageOffer);
const checkRelease = partChecker(PrestageReleaseParam, 'params');
const checkChunk = partChecker(PrestageChunkParams, 'params');
const checkHeaders = partChecker(PrestageChunkHeaders, 'headers');

/** The path's segments after `/dcagent/v1/prestage/`, decoded one by one (a `/` in an id stays in it). */
const segments = (url: string | undefined) => requestPath(url).slice(PRESTAGE_PATH.length + 1).split('/').map(decoded);
const releaseOf = (url: string | undefined) => checkRelease({ release_id: segments(url)[0] }).release_id;

export const listPrestages: HollowRoute = async (_fleet, subcloud, req, res) => {
  req.resume();
  sendJson(req, res, 200, JSON.stringify({ prestages: listHollowPrestages(subcloud) }));
};

export const offerPrestage: HollowRoute = async (_fleet, subcloud, req, res) => {
  const releaseId = releaseOf(req.url);
  sendJson(req, res, 200, JSON.stringify(offerHollowPrestage(subcloud, releaseId, await readOffer(req))));
};

export const showPrestage: HollowRoute = async (_fleet, subcloud, req, res) => {
  req.resume();
  sendJson(req, res, 200, JSON.stringify(hollowPrestageStatus(subcloud, releaseOf(req.url))));
};

export const dropPrestage: HollowRoute = async (_fleet, subcloud, req, res) => {
  req.resume();
  dropHollowPrestage(subcloud, releaseOf(req.url));
  sendEmpty(req, res, 204);
};

export const receiveChunk: HollowRoute = async (fleet, subcloud, req, res) => {
  fleet.stats.prestageChunkInFlight(1);
  try {
    const [release, , index] = segments(req.url);
    const params = checkChunk({ release_id: release, index });
    const type = mediaType(req.headers['content-type']);
    if (type !== PRESTAGE_CHUNK_CONTENT_TYPE) {
      req.resume();
      throw chunkTypeRefusal(type);
    }
    const bytes = await readBody(req, PRESTAGE_MAX_CHUNK_BYTES);
    const header = { [PRESTAGE_CHUNK_SHA256_HEADER]: req.headers[PRESTAGE_CHUNK_SHA256_HEADER] };
    const sha256 = checkHeaders(header)[PRESTAGE_CHUNK_SHA256_HEADER];
    const status = receiveHollowChunk(fleet, subcloud, params.release_id, params.index, bytes, sha256);
    sendJson(req, res, 200, JSON.stringify(status));
  } finally {
    fleet.stats.prestageChunkInFlight(-1);
  }
};

const ON_ONE_RELEASE: Readonly<Record<string, HollowEndpoint>> = { PUT: 'prestageOffer', GET: 'prestageStatus', DELETE: 'prestageDrop' };

/** The prestage route of a method and path under `/dcagent/v1/prestage/`, if one is. */
export function prestageRouteOf(method: string, path: string): HollowEndpoint | undefined {
  if (!path.startsWith(`${PRESTAGE_PATH}/`)) return undefined;
  const parts = path.slice(PRESTAGE_PATH.length + 1).split('/');
  if (parts.length === 3 && parts[1] === 'chunks') return method === 'PUT' ? 'prestageChunk' : undefined;
  if (parts.length !== 1) return undefined;
  return ON_ONE_RELEASE[method];
}
