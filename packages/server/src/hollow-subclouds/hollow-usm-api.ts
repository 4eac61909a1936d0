import { AppError, invalid, notFound } from '@murmuration/core/common';
import { ReleaseIdParam, ReleaseListQuery } from '@murmuration/core/contract/software';
import { RELEASE_STATES } from '@murmuration/core/software';
import { BUNDLE_CONTENT_TYPES, releaseView } from '../api/usm/release-view.js';
import { decoded, readBody, requestPath, sendJson } from './hollow-answers.js';
import { findRelease, uploadRelease } from './hollow-releases.js';
import { partChecker } from './hollow-input.js';
import type { HollowRoute } from './hollow-route.js';

/**
 * USM on a hollow subcloud, under `/usm/v1`: the release list and one release as the real
 * controller shows them, and the upload the system controller's client sends (the bundle as
 * the body).
 */

/** The largest bundle a hollow subcloud reads. */
export const HOLLOW_BUNDLE_LIMIT_BYTES = 64 * 1024 * 1024;
export const RELEASE_PATH = '/usm/v1/release/';

const checkQuery = partChecker(ReleaseListQuery, 'querystring');
const checkParams = partChecker(ReleaseIdParam, 'params');

export const listReleases: HollowRoute = async (_fleet, subcloud, req, res) => {
  req.resume();
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const { show, release } = checkQuery(Object.fromEntries(query));
  if (show !== undefined && !(RELEASE_STATES as readonly string[]).includes(show)) {
    throw invalid(`show must be one of ${RELEASE_STATES.join(', ')}`, { field: 'show' });
  }
  const listed = subcloud.releases.filter(
    (r) => (show === undefined || r.state === show) && (release === undefined || r.metadata.id === release),
  );
  sendJson(req, res, 200, JSON.stringify(listed.map(releaseView)));
};

export const showRelease: HollowRoute = async (_fleet, subcloud, req, res) => {
  req.resume();
  const { release: id } = checkParams({ release: decoded(requestPath(req.url).slice(RELEASE_PATH.length)) });
  const release = findRelease(subcloud, id);
  if (!release) throw notFound(`release ${id} not found`, { release: id });
  sendJson(req, res, 200, JSON.stringify(releaseView(release)));
};

export const uploadBundle: HollowRoute = async (fleet, subcloud, req, res) => {
  const type = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (!BUNDLE_CONTENT_TYPES.includes(type)) {
    req.resume();
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Unsupported Media Type: ${type || 'none'}; send the bundle as application/gzip.`);
  }
  const bundle = await readBody(req, HOLLOW_BUNDLE_LIMIT_BYTES);
  const metadata = uploadRelease(subcloud, bundle, fleet.releasePublicKey);
  fleet.stats.releaseUploaded(subcloud.index);
  const header = req.headers['x-file-name'];
  const name = typeof header === 'string' ? header : `${metadata.id}.tar.gz`;
  sendJson(req, res, 200, JSON.stringify({
    info: `${metadata.id} is now uploaded\n`,
    warning: '',
    error: '',
    upload_info: [{ [name]: { id: metadata.id, sw_release: metadata.version } }],
  }));
};
