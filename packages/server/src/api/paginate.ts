import { invalid, type AppError } from '@murmuration/core/common';

/** The paging parameters of a sysinv-style collection, as its query string gives them. */
export interface PageQuery {
  readonly limit?: number | undefined;
  readonly marker?: string | undefined;
  readonly sort_dir?: 'asc' | 'desc' | undefined;
}

/** How one collection pages: the order of its records, what marks one, and its next link. */
export interface Collection<T> {
  /** Orders two records ascending (ties broken); absent when the records come in that order already. */
  readonly compare?: ((a: T, b: T) => number) | undefined;
  /** The marker that names a record: its uuid. */
  readonly markerOf: (record: T) => string;
  /** The refusal of a marker that names no record of the collection. */
  readonly unknownMarker: (marker: string) => AppError;
  /** The link to the page after the record `marker`, pages of `limit` records. */
  readonly nextLink: (limit: number, marker: string) => string;
}

/** One page, and the `next` member its answer carries when there is a link to follow. */
export interface Page<T> {
  readonly items: T[];
  readonly link: { readonly next?: string };
}

/**
 * Pages a collection held in memory as sysinv does: sorted by the key in the given direction,
 * starting after the marker, at most `limit` records, with a next link whenever a page is full
 * (sysinv links one even when nothing follows; the client stops at the empty page).
 */
export function paginate<T>(records: readonly T[], query: PageQuery, collection: Collection<T>): Page<T> {
  const direction = query.sort_dir === 'desc' ? -1 : 1;
  const { compare } = collection;
  let list = compare
    ? [...records].sort((a, b) => compare(a, b) * direction)
    : direction === 1
      ? [...records]
      : [...records].reverse();
  if (query.marker !== undefined) {
    const marker = query.marker;
    const at = list.findIndex((r) => collection.markerOf(r) === marker);
    if (at === -1) throw collection.unknownMarker(marker);
    list = list.slice(at + 1);
  }
  const { limit } = query;
  const items = limit !== undefined ? list.slice(0, limit) : list;
  const last = items.at(-1);
  return {
    items,
    link:
      limit !== undefined && items.length === limit && last !== undefined
        ? { next: collection.nextLink(limit, collection.markerOf(last)) }
        : {},
  };
}

/** A collection's next link: its URL with the query that asks for the following page, in the order given. */
export function nextLink(url: string, query: Readonly<Record<string, string | number>>): string {
  return `${url}?${Object.entries(query)
    .map(([name, value]) => `${name}=${value}`)
    .join('&')}`;
}

/** Checks a `sort_key` against the keys a collection sorts by. */
export function sortKeyOf<K extends string>(given: string, keys: readonly K[]): K {
  if (!(keys as readonly string[]).includes(given)) throw invalid(`sort_key ${given} is not sortable; use one of ${keys.join(', ')}`, { field: 'sort_key' });
  return given as K;
}
