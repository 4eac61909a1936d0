import { invalid } from '../errors/app-error.js';

/** One operation of a sysinv-style PATCH body (RFC 6902 subset the clients send). */
export interface JsonPatchOperation {
  op: 'replace' | 'add' | 'remove';
  path: string;
  value?: unknown;
}

/**
 * Turns a PATCH list into field → value changes for top-level fields. `remove` becomes null.
 * Rejects nested paths, repeated fields and unknown fields, naming the offending path.
 */
export function patchToChanges<F extends string>(
  operations: readonly JsonPatchOperation[],
  allowed: readonly F[],
  readOnlyReasons: Readonly<Record<string, string>>,
): Partial<Record<F, unknown>> {
  if (operations.length === 0) throw invalid('patch must contain at least one operation');
  const changes: Partial<Record<F, unknown>> = {};
  for (const operation of operations) {
    const match = /^\/([a-z_][a-z0-9_]*)$/.exec(operation.path);
    if (!match) throw invalid(`patch path ${JSON.stringify(operation.path)} is not a top-level field`, { path: operation.path });
    const field = match[1]!;
    const reason = readOnlyReasons[field];
    if (reason !== undefined) throw invalid(reason, { path: operation.path });
    if (!(allowed as readonly string[]).includes(field)) {
      throw invalid(`${field} is not a patchable field; patchable fields are ${allowed.join(', ')}`, { path: operation.path });
    }
    if (field in changes) throw invalid(`patch changes ${field} more than once`, { path: operation.path });
    if (operation.op === 'remove') {
      changes[field as F] = null;
    } else {
      if (!('value' in operation)) throw invalid(`patch operation on ${operation.path} needs a value`, { path: operation.path });
      changes[field as F] = operation.value;
    }
  }
  return changes;
}
