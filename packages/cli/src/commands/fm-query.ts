import type { FmQuery, FmQueryOp } from '@murmuration/client';
import { UsageError } from '../usage-error.js';

const OPS: Readonly<Record<string, FmQueryOp>> = { '!=': 'ne', '>=': 'ge', '<=': 'le', '>': 'gt', '<': 'lt', '=': 'eq' };
/** Two-character operators first, so that `a>=1` splits at `>=` (fmclient's OP_SPLIT_RE). */
const OP_SPLIT = /(!=|>=|<=|>|<|=)/;
const DATA_TYPE = /^(string|integer|float|datetime|boolean)::(.+)$/;

/** The `-q` help shared by the listing commands. */
export const QUERY_HELP = 'filters: field<op>[type::]value joined by ";"; op is one of = != > >= < <=, type one of string, integer, float, datetime, boolean';

/**
 * Reads fm's `-q` syntax as fmclient's cli_to_array does: `field<op>[type::]value` terms
 * joined by `;`, e.g. `alarm_id=100.101;severity=string::major`.
 */
export function parseFmQuery(text: string): FmQuery[] {
  return text.split(';').map((term) => {
    const match = OP_SPLIT.exec(term);
    if (!match) throw new UsageError(`invalid query ${term}: missing operator`);
    const field = term.slice(0, match.index);
    const raw = term.slice(match.index + match[0].length);
    if (field.length === 0) throw new UsageError(`invalid query ${term}: missing field`);
    if (raw.length === 0) throw new UsageError(`invalid query ${term}: missing value`);
    const typed = DATA_TYPE.exec(raw);
    return { field, op: OPS[match[0]]!, type: typed ? typed[1]! : '', value: typed ? typed[2]! : raw };
  });
}
