/**
 * Reads a query-string flag as Keystone does: absent is undefined; `0` and `false` (any case)
 * are false; anything else, the empty string included (`?include_names`), is true.
 */
export function queryFlag(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  return !(v === '0' || v === 'false');
}
