import { SYSTEM_PATCHABLE_FIELDS, type JsonPatchOperation } from '@murmuration/core/inventory';
import { UsageError } from '../usage-error.js';

/**
 * Turns `key=value` words and `--key value` options into a JSON-patch list of replacements,
 * refusing keys outside `allowed`.
 */
export function modificationsToPatch(
  pairs: readonly string[],
  options: Record<string, string | undefined>,
  allowed: readonly string[] = SYSTEM_PATCHABLE_FIELDS,
): JsonPatchOperation[] {
  const changes = new Map<string, string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`expected key=value, got ${JSON.stringify(pair)}`);
    changes.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  for (const field of allowed) {
    const value = options[field];
    if (value !== undefined) changes.set(field, value);
  }
  if (changes.size === 0) throw new UsageError(`nothing to modify; give key=value pairs, keys: ${allowed.join(', ')}`);
  for (const key of changes.keys()) {
    if (!allowed.includes(key)) throw new UsageError(`${key} cannot be modified; modifiable attributes: ${allowed.join(', ')}`);
  }
  return [...changes].map(([key, value]) => ({ op: 'replace', path: `/${key}`, value }));
}
