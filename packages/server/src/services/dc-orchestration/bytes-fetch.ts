import type { FetchLike } from '@murmuration/client';
import http from 'node:http';
import https from 'node:https';

async function bytesOf(body: RequestInit['body']): Promise<Buffer> {
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new TypeError('bytesFetch sends bytes bodies only');
}

/**
 * The fetch of the few requests whose body is bytes (a release bundle to a subcloud that lacks it), made as the
 * system controller's other requests to its subclouds are: a connection of its own, closed after the answer,
 * within a deadline, the answer capped. The global fetch would keep a connection pool per subcloud, for good.
 */
export function bytesFetch(options: { readonly timeoutMs: number; readonly maxBodyBytes: number }): FetchLike {
  return async (input, init = {}) => {
    const url = new URL(input);
    const body = await bytesOf(init.body);
    const headers: Record<string, string> = { connection: 'close', 'content-length': String(body.length) };
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, { method: init.method ?? 'POST', headers, agent: false, timeout: options.timeoutMs });
    const timer = setTimeout(() => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
    try {
      const answered = new Promise<http.IncomingMessage>((resolve, reject) => {
        request.once('response', resolve).once('error', reject);
      });
      request.end(body);
      const response = await answered;
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > options.maxBodyBytes) throw new Error(`the answer is longer than ${options.maxBodyBytes} bytes`);
        chunks.push(chunk);
      }
      const answer = new Headers();
      for (const [name, value] of Object.entries(response.headers)) if (typeof value === 'string') answer.set(name, value);
      return new Response(Buffer.concat(chunks), { status: response.statusCode ?? 500, headers: answer });
    } catch (error) {
      request.destroy();
      throw new TypeError('fetch failed', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  };
}
