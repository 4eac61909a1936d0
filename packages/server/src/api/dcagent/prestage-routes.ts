import {
  DcPrestageCollection, DcPrestageOffer, DcPrestageStatus, PRESTAGE_CHUNK_SHA256_HEADER, PRESTAGE_MAX_CHUNK_BYTES,
} from '@murmuration/core/contract/dc-prestage';
import Type from 'typebox';
import type { PrestageReceiver } from '../../services/dc-agent/index.js';
import { NoContent, type Api } from '../api-types.js';
import {
  chunkTypeRefusal, mediaType, PRESTAGE_CHUNK_CONTENT_TYPE, PrestageChunkHeaders, PrestageChunkParams,
  PrestageReleaseParam,
} from './prestage-params.js';

const tags = ['dcagent'];
const config = { access: 'admin' } as const;

const ChunkBody = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: "the chunk's bytes" });

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
        params: PrestageReleaseParam,
        body: DcPrestageOffer,
        response: { 200: DcPrestageStatus },
      },
    },
    async (request) => prestage.offer(request.ctx, request.params.release_id, request.body),
  );

  app.get(
    '/v1/prestage/:release_id',
    { config, schema: { tags, summary: 'Where the prestage of a release stands', params: PrestageReleaseParam, response: { 200: DcPrestageStatus } } },
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
        consumes: [PRESTAGE_CHUNK_CONTENT_TYPE],
        params: PrestageChunkParams,
        headers: PrestageChunkHeaders,
        body: ChunkBody,
        response: { 200: DcPrestageStatus },
      },
      preValidation: async (request) => {
        const type = mediaType(request.headers['content-type']);
        if (type !== PRESTAGE_CHUNK_CONTENT_TYPE) throw chunkTypeRefusal(type);
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
      schema: { tags, summary: 'Discard the prestage of a release (the release itself, once kept, stays)', params: PrestageReleaseParam, response: NoContent },
    },
    async (request, reply) => {
      await prestage.drop(request.ctx, request.params.release_id);
      return reply.code(204).send();
    },
  );
}
