import { describe, expect, it } from 'vitest';
import { cellText, formatList, formatObject, modificationsToPatch, renderTable } from '@murmuration/cli';

describe('renderTable', () => {
  it('draws the bordered, left-aligned table of the StarlingX clients', () => {
    expect(renderTable(['Property', 'Value'], [['name', 'edge-7'], ['system_mode', 'simplex']])).toBe(
      [
        '+-------------+---------+',
        '| Property    | Value   |',
        '+-------------+---------+',
        '| name        | edge-7  |',
        '| system_mode | simplex |',
        '+-------------+---------+',
      ].join('\n'),
    );
  });

  it('spreads a multi-line cell over several lines of its row', () => {
    expect(renderTable(['k', 'v'], [['a', 'one\ntwo']]).split('\n')).toEqual(['+---+-----+', '| k | v   |', '+---+-----+', '| a | one |', '|   | two |', '+---+-----+']);
  });

  it('draws a table of several hundred thousand rows', () => {
    const rows = Array.from({ length: 300_000 }, (_, i) => [String(i), 'x']);
    const lines = renderTable(['N', 'V'], rows).split('\n');
    expect(lines).toHaveLength(300_004);
    expect(lines[lines.length - 2]).toBe('| 299999 | x |');
  });

  it('prints only the header of an empty list', () => {
    expect(renderTable(['ID', 'Name'], [])).toBe(['+----+------+', '| ID | Name |', '+----+------+'].join('\n'));
  });
});

describe('formatObject and formatList', () => {
  const system = { name: 'edge', description: null, https_enabled: false, capabilities: { a: 1 } };

  it('prints values as the Python clients do: None, True, False', () => {
    expect(cellText(null)).toBe('None');
    expect(cellText(true)).toBe('True');
    expect(cellText(false)).toBe('False');
    expect(cellText({ a: 1 })).toBe('{"a":1}');
  });

  it('sorts table rows by property and keeps native types in JSON', () => {
    const table = formatObject(system, { format: 'table' }).split('\n');
    expect(table.slice(3, 7).map((l) => l.split('|')[1]!.trim())).toEqual(['capabilities', 'description', 'https_enabled', 'name']);
    expect(JSON.parse(formatObject(system, { format: 'json' }))).toEqual(system);
    expect(formatObject(system, { format: 'yaml', columns: ['name', 'description'] })).toBe('name: edge\ndescription: null');
    expect(formatObject(system, { format: 'value', columns: ['description', 'name'] })).toBe('None edge');
  });

  it('selects columns by header and refuses unknown ones, naming the valid ones', () => {
    const rows = [{ id: '1', name: 'a' }, { id: '2', name: 'b' }];
    const columns: Array<[string, string]> = [['ID', 'id'], ['Name', 'name']];
    expect(formatList(rows, columns, { format: 'value', columns: ['Name'] })).toBe('a\nb');
    expect(JSON.parse(formatList(rows, columns, { format: 'json' }))).toEqual([{ ID: '1', Name: 'a' }, { ID: '2', Name: 'b' }]);
    expect(() => formatList(rows, columns, { format: 'table', columns: ['Nope'] })).toThrow('unknown column Nope; columns are: ID, Name');
  });
});

describe('modificationsToPatch', () => {
  it('turns key=value words and options into replace operations, options winning', () => {
    expect(modificationsToPatch(['description=Edge site 7', 'location=Montreal=QC'], { location: 'Quebec' })).toEqual([
      { op: 'replace', path: '/description', value: 'Edge site 7' },
      { op: 'replace', path: '/location', value: 'Quebec' },
    ]);
  });

  it('refuses words without =, unknown keys and an empty change', () => {
    expect(() => modificationsToPatch(['description'], {})).toThrow('expected key=value');
    expect(() => modificationsToPatch(['system_mode=duplex'], {})).toThrow('system_mode cannot be modified');
    expect(() => modificationsToPatch([], {})).toThrow('nothing to modify');
  });
});
