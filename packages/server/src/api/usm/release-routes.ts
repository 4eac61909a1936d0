import { invalid } from '@murmuration/core/common';
import {
  BundleBody, ReleaseIdParam, ReleaseList, ReleaseListQuery, ReleaseObject as ReleaseSchema,
  SigningKeyObject, UsmActionResult,
} from '@murmuration/core/contract/software';
import { RELEASE_STATES, type ReleaseState } from '@murmuration/core/software';
import type { ReleaseService } from '../../services/software/index.js';
import type { Api } from '../api-types.js';
import { releaseUploadRoutes } from './release-upload-routes.js';
import { BUNDLE_CONTENT_TYPES, releaseView } from './release-view.js';

const tags = ['usm'];
export { BUNDLE_CONTENT_TYPES } from './release-view.js';

/**
 * USM releases under `/usm/v1`: list, show, upload (the `software` client's form, or the signed bundle as the body),
 * delete, and the key that signs them.
 */
export function releaseRoutes(app: Api, deps: { releases: ReleaseService; maxBundleBytes: number }): void {
  const { releases } = deps;
  releaseUploadRoutes(app, deps);

  app.get('/v1/release', { schema: { tags, summary: 'List releases, optionally in one state (show=available…) or by id', querystring: ReleaseListQuery, response: { 200: ReleaseList } } }, async (request) => {
    const { show, release } = request.query;
    if (show !== undefined && !(RELEASE_STATES as readonly string[]).includes(show)) throw invalid(`show must be one of ${RELEASE_STATES.join(', ')}`, { field: 'show' });
    return (await releases.list(show as ReleaseState | undefined))
      .filter((r) => release === undefined || r.metadata.id === release)
      .map(releaseView);
  });

  app.get('/v1/release/:release', { schema: { tags, summary: 'Show a release', params: ReleaseIdParam, response: { 200: ReleaseSchema } } }, async (request) =>
    releaseView(await releases.get(request.params.release)),
  );

  app.post(
    '/v1/upload',
    {
      bodyLimit: deps.maxBundleBytes,
      schema: {
        tags,
        summary: 'Upload a release bundle (body: the .tar.gz as application/gzip); it is verified completely (signature, checksums, paths, prerequisites) before anything is kept',
        consumes: BUNDLE_CONTENT_TYPES,
        body: BundleBody,
        response: { 200: UsmActionResult },
      },
    },
    async (request) => {
      const body = request.body;
      const release = await releases.upload(request.ctx, Buffer.isBuffer(body) ? body : Buffer.from(body));
      const name = typeof request.headers['x-file-name'] === 'string' ? request.headers['x-file-name'] : `${release.metadata.id}.tar.gz`;
      return {
        info: `${release.metadata.id} is now uploaded\n`,
        warning: '',
        error: '',
        upload_info: [{ [name]: { id: release.metadata.id, sw_release: release.metadata.version } }],
      };
    },
  );

  app.delete('/v1/release/:release', { schema: { tags, summary: 'Delete an available or unavailable release', params: ReleaseIdParam, response: { 200: UsmActionResult } } }, async (request) => {
    await releases.remove(request.ctx, request.params.release);
    return { info: `${request.params.release} has been deleted\n`, warning: '', error: '' };
  });

  app.get('/v1/signing_key', { config: { access: 'authenticated' }, schema: { tags, summary: 'The public key releases must be signed with', response: { 200: SigningKeyObject } } }, async () => ({
    algorithm: 'ed25519' as const,
    public_key: releases.publicKeyPem,
  }));
}
