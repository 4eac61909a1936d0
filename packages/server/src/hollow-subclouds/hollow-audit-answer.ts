import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { canonicalJson } from '@murmuration/core/dc';
import { createHash } from 'node:crypto';
import { releaseStates } from './hollow-releases.js';
import type { HollowAuditAnswer, HollowSubcloud } from './hollow-subcloud.js';
import { hollowSyncDigests } from './hollow-sync-digests.js';

/** The document a hollow subcloud answers `GET /dcagent/v1/audit` with. */
export function hollowAuditReport(subcloud: HollowSubcloud, softwareVersion: string): SubcloudAuditReport {
  return {
    region_name: subcloud.regionName,
    system_uuid: subcloud.systemUuid,
    software_version: softwareVersion,
    availability: subcloud.hosts.failed > 0 ? 'degraded' : 'online',
    releases: releaseStates(subcloud),
    alarms: subcloud.alarms,
    hosts: subcloud.hosts,
    sync: hollowSyncDigests(subcloud),
  };
}

/** The subcloud's audit answer (canonical JSON, as a real subcloud writes it), made again after its state changes. */
export function hollowAuditAnswer(subcloud: HollowSubcloud, softwareVersion: string): HollowAuditAnswer {
  if (subcloud.answer !== null) return subcloud.answer;
  const body = Buffer.from(canonicalJson(hollowAuditReport(subcloud, softwareVersion)));
  const answer = { body, etag: `"${createHash('sha256').update(body).digest('hex')}"` };
  subcloud.answer = answer;
  return answer;
}
