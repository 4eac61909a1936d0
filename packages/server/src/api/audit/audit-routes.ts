import type { AuditEntry } from '@murmuration/core/audit';
import { type AuditEntryObject, AuditList, AuditListQuery, AuditVerifyResult } from '@murmuration/core/contract/audit';
import type { AuditService } from '../../services/audit/index.js';
import type { Api } from '../api-types.js';

const tags = ['audit'];

function entryView(e: AuditEntry): AuditEntryObject {
  return {
    seq: e.seq,
    time: new Date(e.time).toISOString(),
    request_id: e.requestId,
    event: e.event,
    user_id: e.userId,
    user_name: e.userName,
    project_id: e.projectId,
    project_name: e.projectName,
    source: e.source,
    method: e.method,
    path: e.path,
    target: e.target,
    outcome: e.outcome,
    detail: e.detail,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/** The security audit log: admins only, read only. */
export function auditRoutes(app: Api, deps: { audit: AuditService }): void {
  const { audit } = deps;
  app.get(
    '/v1/entries',
    { config: { access: 'admin' }, schema: { tags, summary: 'List audit entries, newest first', querystring: AuditListQuery, response: { 200: AuditList } } },
    async (request) => {
      const { entries, nextMarker } = await audit.list(request.query);
      return { entries: entries.map(entryView), next_marker: nextMarker };
    },
  );
  app.get(
    '/v1/verify',
    { config: { access: 'admin' }, schema: { tags, summary: 'Verify the hash chain of the whole log', response: { 200: AuditVerifyResult } } },
    async () => {
      const result = await audit.verify();
      return {
        intact: result.intact,
        checked: result.checked,
        head_seq: result.headSeq,
        first_bad_seq: result.firstBadSeq,
        problem: result.problem,
        problems: result.problems.map(({ seq, problem }) => ({ seq, problem })),
        problem_count: result.problemCount,
      };
    },
  );
}
