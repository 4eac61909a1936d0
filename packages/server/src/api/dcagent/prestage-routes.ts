import { AppError } from '@murmuration/core/common';
import {
  DcPrestageCollection, DcPrestageOffer, DcPrestageStatus, PRESTAGE_CHUNK_SHA256_HEADER, PRESTAGE_MAX_CHUNK_BYTES,
} from '@murmuration/core/contract/dc-prestage';
import { RELEASE_ID } from '@murmuration/core/software';
import Type from 'typebox';
import type { PrestageReceiver } from '../../services/dc-agent/index.js';
import { NoContent, type Api } from '../api-types.js';

const tags = ['dcagent'];
const config = { access: 'admin' } as const;

const ReleaseParam = Type.Object({ release_id: Type.String({ pattern: RELEASE_ID.source, description: 'release id' }) });
const ChunkParams = Type.Object({
  release_id: Type.String({ pattern: RELEASE_ID.source, description: 'release id' }),
  index: Type.Integer({ minimum: 0, description: 'the chunk, from 0' }),
});
const ChunkHeaders = Type.Object({
  [PRESTAGE_CHUNK_SHA256_HEADER]: Type.String({ pattern: '^[0-9a-f]{64}$', description: "the chunk's SHA-256, lower-case hex" }),
});
const ChunkBody = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: "the chunk's bytes" });
/** A chunk's body is its bytes; a chunk sent as another type is refused before anything is read into it. */
const CHUNK_CONTENT_TYPE = 'application/octet-stream';

/**
 * `/v1/prestage/{release_id}`: a system controller offers a release bundle, sends it chunk by chunk, reads where the
 * transfer stands or discards it (see `core/src/contract/dc-prestage.ts`). Admin only (the system controller calls
 * with its account).
 */
export function prestageRoutes(app: Api, prestage: PrestageReceiver): void {
  app.get(
    '/v1/prestage',
    { config, schema: { tags, summary: 'Every prestage this controller keeps a record of', response: { 200: DcPrestageCollection } } },
    async () => ({ prestages: await prestage.list() }),
  );

  app.put(
    '/v1/prestage/:release_id',
    {
      config,
      schema: {
        tags,
        summary: 'Offer a release bundle: answers where an earlier transfer of the same bytes stopped, or complete',
        params: ReleaseParam,
        body: DcPrestageOffer,
        response: { 200: DcPrestageStatus },
      },
    },
    async (request) => prestage.offer(request.ctx, request.params.release_id, request.body),
  );

  app.get(
    '/v1/prestage/:release_id',
    { config, schema: { tags, summary: 'Where the prestage of a release stands', params: ReleaseParam, response: { 200: DcPrestageStatus } } },
    async (request) => prestage.status(request.params.release_id),
  );

  app.put(
    '/v1/prestage/:release_id/chunks/:index',
    {
      config,
      bodyLimit: PRESTAGE_MAX_CHUNK_BYTES,
      schema: {
        tags,
        summary: "Send chunk `index` of a prestaged bundle (its bytes, its SHA-256 in X-Chunk-SHA256); kept once it is on disk",
        consumes: [CHUNK_CONTENT_TYPE],
        params: ChunkParams,
        headers: ChunkHeaders,
        body: ChunkBody,
        response: { 200: DcPrestageStatus },
      },
      preValidation: async (request) => {
        const type = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
        if (type !== CHUNK_CONTENT_TYPE) {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', `a chunk is sent as ${CHUNK_CONTENT_TYPE}, not ${type || 'without a type'}`);
        }
      },
    },
    async (request) => {
      const { release_id: releaseId, index } = request.params;
      const sha256 = request.headers[PRESTAGE_CHUNK_SHA256_HEADER] as string;
      return prestage.chunk(request.ctx, releaseId, index, request.body, sha256);
    },
  );

  app.delete(
    '/v1/prestage/:release_id',
    {
      config: { ...config, status: 204 },
      schema: { tags, summary: 'Discard the prestage of a release (the release itself, once kept, stays)', params: ReleaseParam, response: NoContent },
    },
    async (request, reply) => {
      await prestage.drop(request.ctx, request.params.release_id);
      return reply.code(204).send();
    },
  );
}
