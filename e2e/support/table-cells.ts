/** The cells of a bordered table, header row first. */
export function cells(stdout: string): string[][] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) => line.slice(1, -1).split('|').map((c) => c.trim()));
}

/** The value of a field in a Field/Value table. */
export const valueOf = (stdout: string, field: string): string | undefined =>
  cells(stdout).find((row) => row[0] === field)?.[1];
