import { AppError } from '@murmuration/core/common';
import { Parser, type ReadEntry } from 'tar';
import { archiveRefusal, safePath, type ArchiveFile, type ArchiveLimits } from './archive-file.js';

/** What a release may not hold, by tar entry type; every type not named here nor a plain file is refused too. */
const NOT_A_FILE: Readonly<Record<string, string>> = { Link: 'hard link', SymbolicLink: 'symbolic link' };

const truncated = (): AppError => archiveRefusal('it ends before its end-of-archive blocks (truncated?)');

/**
 * The parser's own complaints, said in the words of a release upload; null for one that the end-of-archive check says
 * better.
 */
function parserRefusal(error: Error): AppError | null {
  // Less than a header, or nothing but zero blocks: either an empty archive or one cut short.
  if (/Unrecognized archive format/.test(error.message)) return null;
  // A file cut short is told by the file itself (see `admit`); only its padding missing, by the end-of-archive check.
  if (/Truncated input/.test(error.message)) return null;
  if (/checksum failure/.test(error.message)) return archiveRefusal('a header checksum does not match (corrupt archive)');
  return archiveRefusal(`it is not a well-formed tar archive (${error.message})`);
}

/**
 * The regular files of a ustar/PAX/GNU archive (uncompressed), read with `tar`'s parser. Directories
 * are skipped; links, devices and paths that escape are refused, as are duplicates, archives past
 * the limits, truncated or malformed ones. Reading stops at the first end-of-archive block.
 */
export function readTar(archive: Buffer, limits: ArchiveLimits): ArchiveFile[] {
  const files: ArchiveFile[] = [];
  const seen = new Set<string>();
  let total = 0;
  let ended = false;
  // The first thing wrong, in archive order; the parser is fed synchronously, so this is settled when `end` returns.
  let problem: Error | null = null;
  const refuse = (error: Error): void => {
    problem ??= error;
  };
  const admit = (entry: ReadEntry): void => {
    if (entry.type === 'Directory') {
      safePath(entry.path);
      entry.resume();
      return;
    }
    if (entry.type !== 'File' && entry.type !== 'OldFile') {
      const kind = NOT_A_FILE[entry.type] ?? 'special file';
      throw archiveRefusal(`${JSON.stringify(entry.path)} is a ${kind}; a release holds regular files only`);
    }
    const path = safePath(entry.path);
    if (seen.has(path)) throw archiveRefusal(`${path} appears twice`);
    seen.add(path);
    total += entry.size;
    if (total > limits.maxBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `release archive: its files exceed ${limits.maxBytes} bytes`, { field: 'archive' });
    }
    if (files.length >= limits.maxFiles) throw archiveRefusal(`it holds more than ${limits.maxFiles} files`);
    const chunks: Buffer[] = [];
    entry.on('data', (chunk: Buffer) => chunks.push(chunk));
    entry.on('end', () => {
      const data = Buffer.concat(chunks);
      if (data.length < entry.size) refuse(archiveRefusal('a file runs past the end of the archive (truncated?)'));
      else files.push({ path, data });
    });
  };
  const parser = new Parser({ strict: true, zstd: false, brotli: false });
  parser.on('entry', (entry: ReadEntry) => {
    if (ended || problem) return entry.resume();
    try {
      admit(entry);
    } catch (error) {
      refuse(error as Error);
      entry.resume();
    }
  });
  parser.on('ignoredEntry', (entry: ReadEntry) => {
    if (!ended) refuse(archiveRefusal(`${JSON.stringify(entry.path)} is a special file; a release holds regular files only`));
  });
  parser.on('nullBlock', () => {
    ended = true;
  });
  parser.on('error', (error: Error) => {
    const refusal = parserRefusal(error);
    if (refusal) refuse(refusal);
  });
  parser.end(archive);
  if (problem) throw problem;
  if (!ended) throw truncated();
  return files;
}
