import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { UsageError } from '../usage-error.js';
import { renderTable } from './table.js';

/** Loaded on first use: most commands never print YAML. */
const yaml = (): typeof Yaml => createRequire(import.meta.url)('yaml') as typeof Yaml;

export const OUTPUT_FORMATS = ['table', 'json', 'yaml', 'value'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputOptions {
  readonly format: OutputFormat;
  /** Only these columns (list) or properties (object), in this order. */
  readonly columns?: readonly string[] | undefined;
}

export type Cell = string | number | boolean | null | undefined | object;

/** Text of a value as the StarlingX clients print it (Python's str: None, True, False). */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function pick<T extends Record<string, Cell>>(row: T, keys: readonly string[]): Record<string, Cell> {
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}

function selected(all: readonly string[], wanted: readonly string[] | undefined): string[] {
  if (!wanted || wanted.length === 0) return [...all];
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) throw new UsageError(`unknown column ${unknown.join(', ')}; columns are: ${all.join(', ')}`);
  return [...wanted];
}

/**
 * Prints one resource. Table: two columns (`Property | Value` for sysinv, `Field | Value` for
 * identity), rows sorted by name as `system show` does. JSON and YAML keep native types.
 */
export function formatObject(
  object: Record<string, Cell>,
  options: OutputOptions & { label?: string; sort?: boolean },
): string {
  const keys = selected(Object.keys(object), options.columns);
  const data = pick(object, keys);
  switch (options.format) {
    case 'json':
      return JSON.stringify(data, null, 2);
    case 'yaml':
      return yaml().stringify(data).trimEnd();
    case 'value':
      return keys.map((k) => cellText(data[k])).join(' ');
    case 'table': {
      const ordered = options.sort === false ? keys : [...keys].sort();
      return renderTable([options.label ?? 'Property', 'Value'], ordered.map((k) => [k, cellText(data[k])]));
    }
  }
}

/** Prints a list with named columns: `columns` maps a header to the row field it shows. */
export function formatList(
  rows: ReadonlyArray<Record<string, Cell>>,
  columns: ReadonlyArray<readonly [header: string, field: string]>,
  options: OutputOptions,
): string {
  const headers = selected(
    columns.map(([h]) => h),
    options.columns,
  );
  const fieldOf = new Map(columns.map(([h, f]) => [h, f]));
  const project = (row: Record<string, Cell>) => Object.fromEntries(headers.map((h) => [h, row[fieldOf.get(h)!]]));
  switch (options.format) {
    case 'json':
      return JSON.stringify(rows.map(project), null, 2);
    case 'yaml':
      return rows.length === 0 ? '[]' : yaml().stringify(rows.map(project)).trimEnd();
    case 'value':
      return rows.map((r) => headers.map((h) => cellText(r[fieldOf.get(h)!])).join(' ')).join('\n');
    case 'table':
      return renderTable(
        headers,
        rows.map((r) => headers.map((h) => cellText(r[fieldOf.get(h)!]))),
      );
  }
}

/**
 * Writes what a command prints, one line break after it; nothing at all for an empty listing (`-f value` of no rows).
 */
export function emit(text: string): void {
  if (text !== '') process.stdout.write(`${text}\n`);
}
