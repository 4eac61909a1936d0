import { Readable } from 'node:stream';
import Type, { type Static, type TSchema } from 'typebox';

/** How many records one read of a streamed list fetches. */
export const STREAM_PAGE = 1000;

/**
 * A JSON document `{"<key>": [ … ]}` written page by page as the records are read, so that a list of the whole fleet
 * holds one page in memory, not every subcloud: `page(after)` answers the records after the cursor (null: from the
 * start), `cursorOf` names the last of a page.
 */
export function jsonListStream<T>(
  key: string,
  page: (after: number | null) => Promise<readonly T[]>,
  cursorOf: (record: T) => number,
  view: (record: T) => unknown,
): Readable {
  async function* chunks(): AsyncGenerator<string> {
    yield `{${JSON.stringify(key)}:[`;
    let after: number | null = null;
    let first = true;
    for (;;) {
      const records = await page(after);
      if (records.length > 0) {
        yield `${first ? '' : ','}${records.map((r) => JSON.stringify(view(r))).join(',')}`;
        first = false;
        after = cursorOf(records[records.length - 1]!);
      }
      if (records.length < STREAM_PAGE) break;
    }
    yield ']}';
  }
  return Readable.from(chunks(), { objectMode: false });
}

/** The response schema of a list a route streams: documented (and serialized, when not streamed) as the list. */
export function streamedList<T extends TSchema>(schema: T) {
  return Type.Unsafe<Static<T> | Readable>(schema);
}
