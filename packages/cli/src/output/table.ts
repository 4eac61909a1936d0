/**
 * Characters a terminal acts on instead of showing: C0 controls but the line feed (which
 * breaks a cell into lines), DEL, C1 controls, and the bidirectional marks, embeddings,
 * overrides and isolates that reorder what follows them, with the line and paragraph separators.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const hex = (code: number, digits: number): string => code.toString(16).padStart(digits, '0');

/**
 * Text with every character a terminal would act on written out as an escape: `\x1b` for
 * controls, `\u202e` for bidirectional ones. Line feeds stay: they are line breaks.
 */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/**
 * A bordered text table in the style the StarlingX and OpenStack clients print:
 *
 *   +----------+-------+
 *   | Property | Value |
 *   +----------+-------+
 *   | name     | edge  |
 *   +----------+-------+
 *
 * Cells are left-aligned; a cell with line breaks spans several lines of its row. Control and
 * bidirectional characters are shown escaped, so that no value can move the cursor, clear the
 * screen or reorder the text of an operator's terminal.
 */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const cellLines = (cell: string) => cell.split('\n').map(escapeControls);
  const head = headers.map(escapeControls);
  const body = rows.map((r) => head.map((_, i) => cellLines(r[i] ?? '')));
  // Folded rather than spread: a listing may have more rows than a call has room for arguments.
  const widths = head.map((h, i) => body.reduce((w, r) => r[i]!.reduce((m, l) => Math.max(m, l.length), w), h.length));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [rule, line(head), rule];
  for (const split of body) {
    const height = Math.max(...split.map((s) => s.length));
    for (let k = 0; k < height; k++) out.push(line(split.map((s) => s[k] ?? '')));
  }
  if (rows.length > 0) out.push(rule);
  return out.join('\n');
}
