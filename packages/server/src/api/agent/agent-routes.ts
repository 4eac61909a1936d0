import type { RequestContext } from '@murmuration/core/common';
import {
  AgentConfigApplied, AgentConfigDocument, AgentRegisterBody, AgentRegistration, AgentSoftwareReport,
  HostInventoryReport,
} from '@murmuration/core/contract/agents';
import { UuidParam } from '@murmuration/core/contract/common';
import { ReleaseIdParam } from '@murmuration/core/contract/software';
import type { EnrollmentService } from '../../services/agents/index.js';
import type { AuditService } from '../../services/audit/index.js';
import type { HostInventoryService, HostService } from '../../services/inventory/index.js';
import type { MaintenanceService } from '../../services/maintenance/index.js';
import type { DeployService, ReleaseService } from '../../services/software/index.js';
import { createReadStream } from 'node:fs';
import Type, { type Static, type TSchema } from 'typebox';
import type { Registry } from 'prom-client';
import { NoContent, type Api } from '../api-types.js';
import { registerAgentMetrics } from './agent-metrics.js';
import { authenticateHost } from './host-auth.js';

const tags = ['agent'];

/**
 * What host agents call: join with a bootstrap token, then, as their host only, read the
 * desired configuration and report what they applied.
 */
export function agentRoutes(
  app: Api,
  deps: {
    enrollment: EnrollmentService;
    hosts: HostService;
    inventory: HostInventoryService;
    maintenance: MaintenanceService;
    audit: AuditService;
    registry: Registry;
    releaseSigningKey: string;
    releases: ReleaseService;
    deploy: DeployService;
    /** The sections modules add to the document, served after the agent contract's own. */
    hostConfigSchemas: Readonly<Record<string, TSchema>>;
  },
): void {
  const { enrollment, hosts, inventory, maintenance, releaseSigningKey, releases, deploy } = deps;
  registerAgentMetrics(deps.registry, maintenance);
  const configDocument = Type.Object({ ...AgentConfigDocument.properties, ...deps.hostConfigSchemas });

  app.post(
    '/v1/register',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Join with a one-time bootstrap token as the named host (added if the operator has not added it); answers the host credential',
        body: AgentRegisterBody,
        response: { 200: AgentRegistration },
      },
    },
    async (request) => {
      const { host, credential } = await enrollment.register(request.ctx, {
        bootstrapToken: request.body.bootstrap_token,
        hostname: request.body.hostname,
        personality: request.body.personality,
        mgmtMac: request.body.mgmt_mac,
      });
      return {
        host_uuid: host.uuid,
        hostname: host.hostname,
        personality: host.personality,
        credential,
        release_signing_key: releaseSigningKey,
      };
    },
  );

  app.get(
    '/v1/hosts/:uuid/config',
    { config: { access: 'public' }, schema: { tags, summary: "The host's desired configuration and its generation", params: UuidParam, response: { 200: configDocument } } },
    async (request) => {
      const { host } = await authenticateHost(deps, request.ctx, request.headers, request.params.uuid);
      return hosts.configOf(host.uuid);
    },
  );

  /** A report a host's agent makes about its own host: authenticated as that host, answered 204. */
  function report<B extends TSchema>(
    tail: string,
    summary: string,
    body: B,
    apply: (ctx: RequestContext, hostUuid: string, body: Static<B>) => Promise<unknown>,
  ): void {
    app.put(
      `/v1/hosts/:uuid/${tail}`,
      { config: { access: 'public', status: 204 }, schema: { tags, summary, params: UuidParam, body, response: NoContent } },
      async (request, reply) => {
        const { host, ctx } = await authenticateHost(deps, request.ctx, request.headers, request.params.uuid);
        request.ctx = ctx;
        await apply(ctx, host.uuid, request.body as Static<B>);
        return reply.code(204).send();
      },
    );
  }

  report('config_applied', 'Report the configuration generation the agent applied', AgentConfigApplied, (ctx, uuid, b) => maintenance.applied(ctx, uuid, b.generation));
  report('inventory', "Report the host's hardware: CPUs, NUMA nodes and memory, disks, NICs", HostInventoryReport, (ctx, uuid, b) => inventory.ingest(ctx, uuid, b));
  report('software', 'Report the release the host runs and how its last deployment went', AgentSoftwareReport, (ctx, uuid, b) => deploy.report(ctx, uuid, { ...b, hookOutput: b.hook_output ?? null }));

  app.get(
    '/v1/hosts/:uuid/releases/:release',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Download a release bundle (the agent checks it against the signing key before installing)',
        params: Type.Object({ uuid: UuidParam.properties.uuid, release: ReleaseIdParam.properties.release }),
        response: { 200: Type.Unsafe<NodeJS.ReadableStream>({ type: 'string', format: 'binary' }) },
      },
    },
    async (request, reply) => {
      await authenticateHost(deps, request.ctx, request.headers, request.params.uuid);
      const release = await releases.get(request.params.release);
      return reply.type('application/gzip').header('x-release-sha256', release.sha256).send(createReadStream(releases.bundlePath(release.metadata.id)));
    },
  );
}
