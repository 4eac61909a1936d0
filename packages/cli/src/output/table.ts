/**
 * A bordered text table in the style the StarlingX and OpenStack clients print:
 *
 *   +----------+-------+
 *   | Property | Value |
 *   +----------+-------+
 *   | name     | edge  |
 *   +----------+-------+
 *
 * Cells are left-aligned; a cell with line breaks spans several lines of its row.
 */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cellLines = (cell: string) => cell.split('\n');
  // Folded rather than spread: a listing may have more rows than a call has room for arguments.
  const widths = headers.map((h, i) => rows.reduce((w, r) => cellLines(r[i] ?? '').reduce((m, l) => Math.max(m, l.length), w), h.length));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [rule, line(headers), rule];
  for (const row of rows) {
    const split = headers.map((_, i) => cellLines(row[i] ?? ''));
    const height = Math.max(...split.map((s) => s.length));
    for (let k = 0; k < height; k++) out.push(line(split.map((s) => s[k] ?? '')));
  }
  if (rows.length > 0) out.push(rule);
  return out.join('\n');
}
