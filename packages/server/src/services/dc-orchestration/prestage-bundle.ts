import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';

/** A release bundle on the system controller's disk: where, how long, and its SHA-256. */
export interface PrestageBundle {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/**
 * The bundles' facts, each hashed once (again only when its file changed: another size or time), not once per
 * subcloud: a fleet prestage reads every bundle once to hash it, then by ranges per chunk sent.
 */
export function bundleFacts(): (path: string) => Promise<PrestageBundle> {
  const known = new Map<string, { readonly key: string; readonly facts: Promise<PrestageBundle> }>();
  return async (path) => {
    const s = await stat(path);
    const key = `${s.size}:${s.mtimeMs}`;
    const held = known.get(path);
    if (held?.key === key) return held.facts;
    const facts = (async () => {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
      return { path, size: s.size, sha256: hash.digest('hex') };
    })();
    known.set(path, { key, facts });
    facts.catch(() => known.delete(path));
    return facts;
  };
}

/** Reads bytes [offset, offset + length) of a file: one chunk, never the whole bundle. */
export async function readRange(path: string, offset: number, length: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await file.read(buffer, read, length - read, offset + read);
      if (bytesRead === 0) throw new Error(`${path} ended at ${offset + read} bytes, before ${offset + length}`);
      read += bytesRead;
    }
    return buffer;
  } finally {
    await file.close();
  }
}
