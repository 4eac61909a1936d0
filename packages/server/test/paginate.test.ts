import { invalid } from '@murmuration/core/common';
import { describe, expect, it } from 'vitest';
import { nextLink, paginate, sortKeyOf, type Collection } from '../src/api/paginate.js';

interface Item {
  readonly uuid: string;
  readonly id: number;
  readonly name: string;
}

const items: Item[] = [
  { uuid: 'u3', id: 3, name: 'b' },
  { uuid: 'u1', id: 1, name: 'a' },
  { uuid: 'u2', id: 2, name: 'b' },
];

const byName: Collection<Item> = {
  compare: (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id - b.id),
  markerOf: (i) => i.uuid,
  unknownMarker: (marker) => invalid(`marker ${marker} is not an item uuid`, { field: 'marker' }),
  nextLink: (limit, marker) => nextLink('http://h/items', { limit, marker }),
};

const uuids = (page: { items: Item[] }) => page.items.map((i) => i.uuid);

describe('paginate', () => {
  it('sorts by the key, ties by id, and reverses the whole order for desc', () => {
    expect(uuids(paginate(items, {}, byName))).toEqual(['u1', 'u2', 'u3']);
    expect(uuids(paginate(items, { sort_dir: 'desc' }, byName))).toEqual(['u3', 'u2', 'u1']);
  });

  it('keeps the given order without a comparator, reversed for desc, and leaves the input alone', () => {
    const plain = { ...byName, compare: undefined };
    expect(uuids(paginate(items, { sort_dir: 'desc' }, plain))).toEqual(['u2', 'u1', 'u3']);
    expect(items.map((i) => i.uuid)).toEqual(['u3', 'u1', 'u2']);
  });

  it('starts after the marker and links the next page whenever a page is full', () => {
    const first = paginate(items, { limit: 2 }, byName);
    expect(uuids(first)).toEqual(['u1', 'u2']);
    expect(first.link).toEqual({ next: 'http://h/items?limit=2&marker=u2' });
    const last = paginate(items, { limit: 1, marker: 'u2' }, byName);
    expect(uuids(last)).toEqual(['u3']);
    expect(last.link).toEqual({ next: 'http://h/items?limit=1&marker=u3' });
    expect(paginate(items, { limit: 1, marker: 'u3' }, byName)).toEqual({ items: [], link: {} });
    expect(paginate(items, { limit: 5 }, byName).link).toEqual({});
    expect(paginate(items, {}, byName).link).toEqual({});
  });

  it('refuses a marker that names no record, and a sort key the collection does not sort by', () => {
    expect(() => paginate(items, { marker: 'nope' }, byName)).toThrow('marker nope is not an item uuid');
    expect(sortKeyOf('name', ['id', 'name'] as const)).toBe('name');
    expect(() => sortKeyOf('size', ['id', 'name'] as const)).toThrow('sort_key size is not sortable; use one of id, name');
  });
});
