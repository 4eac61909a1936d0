import multipart from '@fastify/multipart';
import { AppError, invalid, isAppError, type RequestContext } from '@murmuration/core/common';
import {
  type UsmActionResult, LocalUploadBody, ReleaseUploadForm, UsmActionResult as UsmActionSchema,
} from '@murmuration/core/contract/software';
import type { FastifyRequest } from 'fastify';
import path from 'node:path';
import type { ReleaseRecord, ReleaseService } from '../../services/software/index.js';
import type { Api } from '../api-types.js';

/** Most files one upload may carry, whichever form it takes. */
export const MAX_UPLOAD_FILES = 16;

/** One file of an upload: the name the client gave it, and what came of it. */
type FileOutcome = { readonly name: string } & ({ readonly release: ReleaseRecord } | { readonly error: AppError });

/** How USM answers an upload: every kept release in `upload_info`, every refused file in `error`. */
function uploadAnswer(outcomes: readonly FileOutcome[]): UsmActionResult {
  if (outcomes.length === 0) throw invalid('No files uploaded', { field: 'body' });
  const failed = outcomes.flatMap((o) => ('error' in o ? [o] : []));
  const kept = outcomes.flatMap((o) => ('release' in o ? [o] : []));
  const lines = failed.map((o) => `${o.name}: ${o.error.message}\n`).join('');
  // Nothing kept: the request failed, with the status of the (first) reason.
  if (kept.length === 0) {
    throw failed.length === 1
      ? failed[0]!.error
      : new AppError(failed[0]!.error.code, lines.trimEnd(), failed[0]!.error.details);
  }
  return {
    info: kept.map((o) => `${o.release.metadata.id} is now uploaded\n`).join(''),
    warning: '',
    error: lines,
    upload_info: kept.map((o) => ({ [o.name]: { id: o.release.metadata.id, sw_release: o.release.metadata.version } })),
  };
}

/** Uploads one file; a refusal of the file is its outcome, anything else fails the request. */
async function uploadOne(
  releases: ReleaseService,
  ctx: RequestContext,
  name: string,
  read: () => Promise<Buffer>,
): Promise<FileOutcome> {
  try {
    return { name, release: await releases.upload(ctx, await read()) };
  } catch (error) {
    if (isAppError(error) && error.code !== 'INTERNAL') return { name, error };
    throw error;
  }
}

/**
 * The multipart form of `software upload`: each file part is read and verified in turn, so one bundle at a time is in
 * memory.
 */
async function formOutcomes(
  request: FastifyRequest,
  releases: ReleaseService,
  maxBytes: number,
): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = [];
  try {
    for await (const part of request.parts()) {
      if (part.type !== 'file') {
        outcomes.push({ name: part.fieldname, error: invalid(`form field ${part.fieldname} is not a file: send each release as a file`, { field: part.fieldname }) });
        continue;
      }
      const name = path.posix.basename(part.filename || part.fieldname);
      outcomes.push(
        await uploadOne(releases, request.ctx, name, async () => {
          const bytes = await part.toBuffer();
          if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', `the file is larger than the limit of ${maxBytes} bytes`, { field: 'file' });
          return bytes;
        }),
      );
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('PAYLOAD_TOO_LARGE', `An upload carries at most ${MAX_UPLOAD_FILES} files.`, { field: 'body' });
    }
    throw error;
  }
  return outcomes;
}

/** `software upload --local`: the paths, as a JSON list, of files already on this controller. */
function localPaths(text: string): string[] {
  let paths: unknown;
  try {
    paths = JSON.parse(text);
  } catch {
    throw invalid('A --local upload is a JSON list of absolute paths on the controller.', { field: 'body' });
  }
  if (!Array.isArray(paths) || !paths.every((p): p is string => typeof p === 'string' && p.length > 0 && p.length <= 4096)) {
    throw invalid('A --local upload is a JSON list of absolute paths on the controller.', { field: 'body' });
  }
  if (paths.length > MAX_UPLOAD_FILES) throw new AppError('PAYLOAD_TOO_LARGE', `An upload carries at most ${MAX_UPLOAD_FILES} files.`, { field: 'body' });
  return paths;
}

/**
 * USM's upload, `POST /usm/v1/release`, as the `software` client sends it: a multipart form with a
 * file part per release, or (`--local`) a text/plain JSON list of paths on the controller. Each
 * file is verified and kept or refused on its own, as USM does. The multipart parser is
 * registered for this route alone.
 */
export function releaseUploadRoutes(app: Api, deps: { releases: ReleaseService; maxBundleBytes: number }): void {
  const { releases, maxBundleBytes } = deps;
  void app.register(async (scope: Api) => {
    await scope.register(multipart, {
      throwFileSizeLimit: false,
      limits: { fileSize: maxBundleBytes, files: MAX_UPLOAD_FILES, fields: MAX_UPLOAD_FILES, parts: MAX_UPLOAD_FILES },
    });
    scope.post(
      '/v1/release',
      {
        schema: {
          tags: ['usm'],
          summary: 'Upload release bundles as `software upload` does: multipart/form-data with one file part per bundle, or text/plain with a JSON list of paths on the controller (--local)',
          body: { content: { 'multipart/form-data': { schema: ReleaseUploadForm }, 'text/plain': { schema: LocalUploadBody } } },
          response: { 200: UsmActionSchema },
        },
      },
      async (request) => {
        if (request.isMultipart()) return uploadAnswer(await formOutcomes(request, releases, maxBundleBytes));
        if (typeof request.body !== 'string') {
          throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the release files as multipart/form-data, or as text/plain a JSON list of paths on the controller (--local).');
        }
        const outcomes: FileOutcome[] = [];
        for (const file of localPaths(request.body)) {
          outcomes.push(
            await uploadOne(releases, request.ctx, path.posix.basename(file), () => releases.readLocal(file)),
          );
        }
        return uploadAnswer(outcomes);
      },
    );
  });
}
