import { AppError, conflict, invalid, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import type { ReleaseState } from '@murmuration/core/software';
import { verifyBundle, type ArchiveLimits, type VerifiedRelease } from '@murmuration/release';
import type { ReleaseRecord, SoftwareRepos, Store } from '@murmuration/store';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditService } from '../audit/index.js';

/** Uploaded software releases (USM `software upload|list|show|delete`). */
export interface ReleaseService {
  readonly publicKeyPem: string;
  /** The largest bundle this controller keeps (`software.maxBundleBytes`). */
  readonly maxBundleBytes: number;
  /** Verifies a bundle completely, then keeps it; nothing is stored when any check fails. */
  upload(ctx: RequestContext, bundle: Buffer): Promise<ReleaseRecord>;
  /**
   * A bundle already in a file of this controller's data directory (a prestaged one) that must be release
   * `expectedId`: checked as `upload` checks it, then moved into place (not copied). When a check fails the file is
   * left where it is.
   */
  uploadFile(ctx: RequestContext, filePath: string, expectedId: string): Promise<ReleaseRecord>;
  /**
   * A release file already on this controller (`software upload --local`): an absolute path to a regular file within
   * the size limit.
   */
  readLocal(filePath: string): Promise<Buffer>;
  list(state?: ReleaseState): Promise<ReleaseRecord[]>;
  get(id: string): Promise<ReleaseRecord>;
  /** The bundle as uploaded, for hosts to install. */
  bundlePath(id: string): string;
  remove(ctx: RequestContext, id: string): Promise<void>;
}

const REMOVABLE: ReadonlySet<ReleaseState> = new Set(['available', 'unavailable']);

export function createReleaseService(deps: {
  store: Store<SoftwareRepos>;
  audit: AuditService;
  clock: Clock;
  dataDir: string;
  publicKeyPem: string;
  limits: ArchiveLimits;
}): ReleaseService {
  const { store, audit, clock, publicKeyPem, limits } = deps;
  const dir = path.join(deps.dataDir, 'releases');
  const fileOf = (id: string): string => path.join(dir, `${id}.tar.gz`);

  /** Records a verified release and moves its bundle from `source` into place, in one audited transaction. */
  const keep = (ctx: RequestContext, verified: VerifiedRelease, size: number, source: string, how: string) => {
    const { metadata } = verified;
    return audit.change(ctx, { target: `release:${metadata.id}`, detail: `${how} ${metadata.version}, sha256 ${verified.sha256}` }, async (repos) => {
      if (await repos.releases.find(metadata.id)) throw conflict(`release ${metadata.id} already exists; delete it first to upload it again`, { field: 'id' });
      for (const required of metadata.requires) {
        if (!(await repos.releases.find(required))) throw invalid(`release ${metadata.id} requires ${required}, which has not been uploaded`, { field: 'requires' });
      }
      const record: ReleaseRecord = { metadata, state: 'available', sha256: verified.sha256, size, uploadedBy: ctx.actor?.userName ?? null, uploadedAt: clock.now() };
      await repos.releases.insert(record);
      // In place before the transaction commits: a committed release always has its bundle.
      await rename(source, fileOf(metadata.id));
      return record;
    });
  };

  return {
    publicKeyPem,
    maxBundleBytes: limits.maxBytes,

    async upload(ctx, bundle) {
      if (bundle.length === 0) throw invalid('the upload is empty: send the release bundle (.tar.gz) as the body', { field: 'archive' });
      const verified = verifyBundle(bundle, publicKeyPem, limits);
      await mkdir(dir, { recursive: true });
      const scratch = `${fileOf(verified.metadata.id)}.${process.pid}.${Date.now()}.part`;
      await writeFile(scratch, bundle, { mode: 0o640 });
      try {
        return await keep(ctx, verified, bundle.length, scratch, 'uploaded');
      } finally {
        await rm(scratch, { force: true });
      }
    },

    async uploadFile(ctx, filePath, expectedId) {
      const bundle = await readFile(filePath);
      const verified = verifyBundle(bundle, publicKeyPem, limits);
      if (verified.metadata.id !== expectedId) throw invalid(`the bundle is release ${verified.metadata.id}, not ${expectedId}`, { field: 'id' });
      await mkdir(dir, { recursive: true });
      return keep(ctx, verified, bundle.length, filePath, 'prestaged');
    },

    async readLocal(filePath) {
      if (!path.isAbsolute(filePath)) throw invalid(`${filePath} is not an absolute path on the controller`, { field: 'file' });
      try {
        const stats = await stat(filePath);
        if (!stats.isFile()) throw invalid(`${filePath} is not a regular file`, { field: 'file' });
        if (stats.size > limits.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `${filePath} is larger than the limit of ${limits.maxBytes} bytes`, { field: 'file' });
        return await readFile(filePath);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') throw notFound(`File not found on the controller: ${filePath}`, { field: 'file' });
        if (code === 'EACCES') throw invalid(`The controller may not read ${filePath}`, { field: 'file' });
        throw error;
      }
    },

    async list(state) {
      return (await store.repos.releases.list()).filter((r) => state === undefined || r.state === state);
    },

    async get(id) {
      const release = await store.repos.releases.find(id);
      if (!release) throw notFound(`release ${id} not found`, { release: id });
      return release;
    },

    bundlePath: fileOf,

    async remove(ctx, id) {
      await audit.change(ctx, { target: `release:${id}`, detail: 'deleted' }, async (repos) => {
        const release = await repos.releases.find(id);
        if (!release) throw notFound(`release ${id} not found`, { release: id });
        if (!REMOVABLE.has(release.state)) throw conflict(`release ${id} is ${release.state}; only an available or unavailable release can be deleted`, { rule: 'release_in_use' });
        const dependant = (await repos.releases.list()).find((r) => r.metadata.requires.includes(id));
        if (dependant) throw conflict(`release ${dependant.metadata.id} requires ${id}; delete it first`, { rule: 'release_required' });
        await repos.releases.remove(id);
      });
      await rm(fileOf(id), { force: true });
    },
  };
}
