import { AppError } from '@murmuration/core/common';
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { errorFormatFor } from './error-formats.js';

/** What went wrong before a request could be read, as one of our errors. */
function errorOf(code: string | undefined): AppError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new AppError('REQUEST_TIMEOUT', 'The request was not received in time.');
    case 'HPE_HEADER_OVERFLOW':
      return new AppError('HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts.');
    default:
      return new AppError('MALFORMED_BODY', 'The request is not valid HTTP.');
  }
}

/** The path of the request line in what arrived, when it got that far, to pick the error format. */
function pathOf(rawPacket: Buffer | undefined): string {
  const line = rawPacket?.toString('latin1', 0, Math.min(rawPacket.length, 4096)).split('\r\n', 1)[0] ?? '';
  const target = line.split(' ')[1] ?? '';
  return target.startsWith('/') ? target.split('?', 1)[0]! : '';
}

/**
 * Answers a request Node's HTTP parser refused (malformed, too slow, headers too large) in the
 * error format of the API family its path names, instead of the framework's generic body.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const failure = errorOf(error.code);
    const path = pathOf(Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined);
    const body = errorFormatFor(path)(failure, 'none', undefined);
    socket.write(
      `HTTP/1.1 ${failure.status} ${STATUS_CODES[failure.status] ?? 'Error'}\r\n` +
        `Content-Type: ${body.contentType}\r\nContent-Length: ${Buffer.byteLength(body.text)}\r\n` +
        `X-Error-Code: ${failure.code}\r\nConnection: close\r\n\r\n${body.text}`,
    );
  }
  socket.destroy();
}
