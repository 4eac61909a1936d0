import { SubcloudAuditReport } from '@murmuration/core/contract/dc-agent';
import type { AuditAnswer } from '../../services/dc-agent/index.js';
import type { Api } from '../api-types.js';
import Type from 'typebox';

const tags = ['dcagent'];

/** Whether an If-None-Match header names the current ETag (or is `*`); weak tags compare as strong. */
function notModified(header: string | string[] | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes(etag) || tags.includes('*');
}

/**
 * `GET /v1/audit`: everything one audit of this subcloud needs, in one answer with its ETag;
 * 304 without a body when the caller's If-None-Match names it. The answer is sent as computed,
 * byte for byte, so that its ETag is the digest of what the caller reads.
 */
export function auditRoutes(app: Api, deps: { auditAnswer: () => Promise<AuditAnswer> }): void {
  app.get(
    '/v1/audit',
    {
      config: { access: 'admin' },
      schema: {
        tags,
        summary: "This subcloud's aggregate audit answer (availability, software, alarms, hosts, sync digests), with an ETag",
        response: {
          200: SubcloudAuditReport,
          304: Type.Unsafe<undefined>({ type: 'null', description: 'Not modified: the If-None-Match ETag is current; no body.' }),
        },
      },
    },
    async (request, reply) => {
      const answer = await deps.auditAnswer();
      void reply.header('etag', answer.etag).header('cache-control', 'no-cache');
      if (notModified(request.headers['if-none-match'], answer.etag)) return reply.code(304).send();
      // The text is the document the schema describes, already serialized: sent as it is.
      const text = answer.body as unknown as SubcloudAuditReport;
      return reply.type('application/json; charset=utf-8').serializer((payload) => payload as string).send(text);
    },
  );
}
