import { AppError } from '@murmuration/core';

const BLOCK = 512;

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

const refuse = (message: string): AppError => new AppError('INVALID_INPUT', `release archive: ${message}`, { field: 'archive' });

function octal(field: Buffer, what: string): number {
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw refuse(`the ${what} field of a header is not octal`);
  return parseInt(text, 8);
}

function text(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** The sum tar headers carry: every byte, the checksum field counted as spaces. */
function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum;
}

/**
 * A path inside a release: relative, made of plain names, never leaving the directory it is
 * unpacked in. Returns it normalised (no `./`, no trailing slash).
 */
export function safePath(raw: string): string {
  const parts = raw.replace(/\/+$/, '').split('/').filter((p) => p !== '' && p !== '.');
  if (raw.startsWith('/') || raw.includes('\\') || parts.length === 0 || parts.some((p) => p === '..' || p.includes('\0'))) {
    throw refuse(`the path ${JSON.stringify(raw)} escapes the release directory or is not a plain relative path`);
  }
  return parts.join('/');
}

/** PAX extended header records (`len key=value\n`), of which only `path` matters here. */
function paxPath(data: Buffer): string | null {
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const length = Number(data.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0) throw refuse('a PAX header record is malformed');
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    if (record.startsWith('path=')) return record.slice(5);
    at += length;
  }
  return null;
}

/**
 * The regular files of a ustar/PAX archive (uncompressed). Directories are skipped; links,
 * devices and paths that escape are refused, as are archives past the limits or malformed.
 */
export function readTar(archive: Buffer, limits: ArchiveLimits): ArchiveFile[] {
  const files: ArchiveFile[] = [];
  const seen = new Set<string>();
  let total = 0;
  let nextPath: string | null = null;
  for (let at = 0; ; ) {
    if (at + BLOCK > archive.length) throw refuse('it ends before its end-of-archive blocks (truncated?)');
    const header = archive.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (octal(header.subarray(148, 156), 'checksum') !== checksum(header)) throw refuse('a header checksum does not match (corrupt archive)');
    const size = octal(header.subarray(124, 136), 'size');
    const type = String.fromCharCode(header[156]!);
    const dataStart = at + BLOCK;
    const dataEnd = dataStart + size;
    if (dataEnd > archive.length) throw refuse('a file runs past the end of the archive (truncated?)');
    const data = archive.subarray(dataStart, dataEnd);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    const magic = header.subarray(257, 263).toString('latin1');
    const prefix = magic.startsWith('ustar') ? text(header.subarray(345, 500)) : '';
    const name = nextPath ?? (prefix ? `${prefix}/${text(header.subarray(0, 100))}` : text(header.subarray(0, 100)));
    switch (type) {
      case 'x':
        nextPath = paxPath(data);
        continue;
      case 'L':
        nextPath = text(data);
        continue;
      case 'g':
        continue;
      case '5':
        nextPath = null;
        safePath(name);
        continue;
      case '0':
      case '\0': {
        nextPath = null;
        const path = safePath(name);
        if (seen.has(path)) throw refuse(`${path} appears twice`);
        seen.add(path);
        total += size;
        if (total > limits.maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', `release archive: its files exceed ${limits.maxBytes} bytes`, { field: 'archive' });
        if (files.length >= limits.maxFiles) throw refuse(`it holds more than ${limits.maxFiles} files`);
        files.push({ path, data: Buffer.from(data) });
        continue;
      }
      default:
        throw refuse(`${JSON.stringify(name)} is a ${type === '1' ? 'hard link' : type === '2' ? 'symbolic link' : 'special file'}; a release holds regular files only`);
    }
  }
  return files;
}

function header(path: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let name = path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = path.lastIndexOf('/', 155);
    if (cut <= 0 || Buffer.byteLength(path.slice(cut + 1)) > 100) throw new AppError('INVALID_INPUT', `the path ${path} is too long for a release archive`);
    prefix = path.slice(0, cut);
    name = path.slice(cut + 1);
  }
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('00000000000\0', 136, 'latin1');
  block.write('0', 156, 'latin1');
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  block.write(`${checksum(block).toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** A ustar archive of the files, in the order given, with fixed owners, modes and times (the same input gives the same bytes). */
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
