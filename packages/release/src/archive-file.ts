import { AppError } from '@murmuration/core/common';

/** One regular file of an archive. */
export interface ArchiveFile {
  readonly path: string;
  readonly data: Buffer;
}

export interface ArchiveLimits {
  /** Largest total size of the files, in bytes. */
  readonly maxBytes: number;
  readonly maxFiles: number;
}

/** The refusal of an archive that is malformed or holds what a release may not. */
export const archiveRefusal = (message: string): AppError =>
  new AppError('INVALID_INPUT', `release archive: ${message}`, { field: 'archive' });

/**
 * A path inside a release: relative, made of plain names, never leaving the directory it is
 * unpacked in. Returns it normalised (no `./`, no trailing slash).
 */
export function safePath(raw: string): string {
  const parts = raw.replace(/\/+$/, '').split('/').filter((p) => p !== '' && p !== '.');
  const plain = !raw.startsWith('/') && !raw.includes('\\') && parts.length > 0;
  if (!plain || parts.some((p) => p === '..' || p.includes('\0'))) {
    const quoted = JSON.stringify(raw);
    throw archiveRefusal(`the path ${quoted} escapes the release directory or is not a plain relative path`);
  }
  return parts.join('/');
}
