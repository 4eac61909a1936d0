import { AUDIT_REPORT_MAX_BYTES } from '@murmuration/core/contract/dc-agent';
import type { HollowBehaviour } from './hollow-subcloud.js';

/** What a subcloud whose audit is broken answers with: text that is not JSON, or a document far too long. */

const INVALID_JSON = Buffer.from('{"region_name": "hollow", "alarms": {"critical": 0, "major": ');

let huge: Buffer | null = null;
/** A JSON document four times the size a system controller reads of an audit answer. */
function hugeBody(): Buffer {
  huge ??= Buffer.from(JSON.stringify({ padding: 'x'.repeat(4 * AUDIT_REPORT_MAX_BYTES) }));
  return huge;
}

export function garbageBody(behaviour: Extract<HollowBehaviour, 'invalid-json' | 'huge'>): Buffer {
  return behaviour === 'huge' ? hugeBody() : INVALID_JSON;
}
