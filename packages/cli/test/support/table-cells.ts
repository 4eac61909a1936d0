/** The cells of a printed table, row by row (its border lines left out). */
export const cells = (table: string): string[][] =>
  table
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.slice(1, -1).split('|').map((c) => c.trim()));

/** Columns that show the row field of their own name. */
export const asColumns = (names: readonly string[]) => names.map((n) => [n, n] as const);
