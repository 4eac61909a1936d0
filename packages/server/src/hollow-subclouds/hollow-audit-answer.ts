import type { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import { createHash } from 'node:crypto';
import type { HollowAuditAnswer, HollowSubcloud } from './hollow-subcloud.js';
import { hollowSyncDigests } from './hollow-sync-digests.js';

/** The document a hollow subcloud answers `GET /dcagent/v1/audit` with. */
export function hollowAuditReport(subcloud: HollowSubcloud, softwareVersion: string): SubcloudAuditReport {
  return {
    region_name: subcloud.regionName,
    system_uuid: subcloud.systemUuid,
    software_version: softwareVersion,
    availability: 'online',
    releases: subcloud.releases,
    alarms: subcloud.alarms,
    hosts: subcloud.hosts,
    sync: hollowSyncDigests(subcloud),
  };
}

/** The subcloud's audit answer: the one made since its state last changed, or a new one. */
export function hollowAuditAnswer(subcloud: HollowSubcloud, softwareVersion: string): HollowAuditAnswer {
  if (subcloud.answer !== null) return subcloud.answer;
  const body = Buffer.from(JSON.stringify(hollowAuditReport(subcloud, softwareVersion)));
  const answer = { body, etag: `"${createHash('sha256').update(body).digest('hex')}"` };
  subcloud.answer = answer;
  return answer;
}
