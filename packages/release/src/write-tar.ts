import { AppError } from '@murmuration/core/common';
import { Header } from 'tar';
import { safePath, type ArchiveFile } from './archive-file.js';

const BLOCK = 512;
/** Fixed owners, mode and time, so that the same files give the same bytes. */
const FIXED = { mode: 0o644, uid: 0, gid: 0, mtime: new Date(0), type: 'File' } as const;

function header(path: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  const needsPax = new Header({ ...FIXED, path, size }).encode(block);
  if (needsPax) throw new AppError('INVALID_INPUT', `the path ${path} is too long for a release archive`);
  return block;
}

/**
 * A ustar archive of the files, in the order given, with fixed owners, modes and times (the same input gives the same
 * bytes).
 */
export function writeTar(files: readonly ArchiveFile[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(header(safePath(file.path), file.data.length), file.data);
    const pad = (BLOCK - (file.data.length % BLOCK)) % BLOCK;
    if (pad > 0) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
