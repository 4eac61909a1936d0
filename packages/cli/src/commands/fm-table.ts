import { cellText, type Cell, type OutputOptions } from '../output/printer.js';

export type Columns = ReadonlyArray<readonly [header: string, field: string]>;
type Row = Record<string, Cell>;

/** fm marks a masked alarm or event id as `S(<id>)`. */
export function markSuppressed(id: string, suppressionStatus: string): string {
  return suppressionStatus === 'suppressed' ? `S(${id})` : id;
}

/**
 * Orders rows as fm's prettytable does: by one column, ties by the whole row from its first
 * column, comparing the printed text; `reverse` reverses all of it.
 */
export function sortRows<T extends Row>(rows: readonly T[], columns: Columns, by: string, reverse = false): T[] {
  const key = (row: T) => [cellText(row[by]), ...columns.map(([, field]) => cellText(row[field]))];
  const compare = (a: string[], b: string[]): number => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
    return 0;
  };
  const keyed = rows.map((row) => ({ row, key: key(row) }));
  keyed.sort((a, b) => (reverse ? -1 : 1) * compare(a.key, b.key));
  return keyed.map((k) => k.row);
}

function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    let rest = word;
    if (line.length > 0 && line.length + 1 + rest.length <= width) {
      line += ` ${rest}`;
      continue;
    }
    if (line.length > 0) lines.push(line);
    while (rest.length > width) {
      lines.push(rest.slice(0, width));
      rest = rest.slice(width);
    }
    line = rest;
  }
  if (line.length > 0) lines.push(line);
  return lines.join('\n');
}

const MIN_WIDTH = 12;

/**
 * Wraps the text of `wrappable` fields so that a table fits the terminal, as fm does unless
 * `--nowrap` is given. Only tables printed on a terminal are wrapped; pipes get whole lines.
 */
export function fitToTerminal<T extends Row>(
  rows: readonly T[],
  columns: Columns,
  wrappable: readonly string[],
  output: OutputOptions,
  nowrap: boolean | undefined,
): T[] {
  const terminal = process.stdout.isTTY ? process.stdout.columns : undefined;
  if (nowrap || output.format !== 'table' || !terminal) return [...rows];
  const shown = columns.filter(([header]) => !output.columns?.length || output.columns.includes(header));
  const widths = new Map(
    shown.map(([header, field]) => [
      field,
      rows.reduce((w, r) => Math.max(w, cellText(r[field]).length), header.length),
    ]),
  );
  let excess = [...widths.values()].reduce((sum, w) => sum + w + 3, 1) - terminal;
  const candidates = shown.filter(
    ([header, field]) => wrappable.includes(field) && widths.get(field)! > Math.max(MIN_WIDTH, header.length),
  );
  while (excess > 0 && candidates.length > 0) {
    const widest = candidates.reduce((a, b) => (widths.get(b[1])! > widths.get(a[1])! ? b : a));
    const floor = Math.max(MIN_WIDTH, widest[0].length);
    const cut = Math.min(excess, widths.get(widest[1])! - floor);
    widths.set(widest[1], widths.get(widest[1])! - cut);
    excess -= cut;
    candidates.splice(candidates.indexOf(widest), 1);
  }
  return rows.map((row) => {
    const copy: Row = { ...row };
    for (const field of wrappable) {
      const value = row[field];
      const width = widths.get(field);
      if (typeof value === 'string' && width !== undefined && value.length > width) copy[field] = wrapText(value, width);
    }
    return copy as T;
  });
}
