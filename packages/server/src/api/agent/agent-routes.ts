import { AgentConfigApplied, AgentConfigDocument, AgentRegisterBody, AgentRegistration, HostInventoryReport, UuidParam } from '@murmuration/core/contract';
import type { EnrollmentService } from '../../services/agents/index.js';
import type { AuditService } from '../../services/audit/index.js';
import type { HostInventoryService, HostService } from '../../services/inventory/index.js';
import type { MaintenanceService } from '../../services/maintenance/index.js';
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
  deps: { enrollment: EnrollmentService; hosts: HostService; inventory: HostInventoryService; maintenance: MaintenanceService; audit: AuditService; registry: Registry },
): void {
  const { enrollment, hosts, inventory, maintenance } = deps;
  registerAgentMetrics(deps.registry, maintenance);

  app.post(
    '/agent/v1/register',
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
      return { host_uuid: host.uuid, hostname: host.hostname, personality: host.personality, credential };
    },
  );

  app.get(
    '/agent/v1/hosts/:uuid/config',
    { config: { access: 'public' }, schema: { tags, summary: "The host's desired configuration and its generation", params: UuidParam, response: { 200: AgentConfigDocument } } },
    async (request) => {
      const { host } = await authenticateHost(deps, request.ctx, request.headers, request.params.uuid);
      return hosts.configOf(host.uuid);
    },
  );

  app.put(
    '/agent/v1/hosts/:uuid/config_applied',
    {
      config: { access: 'public', status: 204 },
      schema: { tags, summary: 'Report the configuration generation the agent applied', params: UuidParam, body: AgentConfigApplied, response: NoContent },
    },
    async (request, reply) => {
      const { host, ctx } = await authenticateHost(deps, request.ctx, request.headers, request.params.uuid);
      request.ctx = ctx;
      await maintenance.applied(ctx, host.uuid, request.body.generation);
      return reply.code(204).send();
    },
  );

  app.put(
    '/agent/v1/hosts/:uuid/inventory',
    {
      config: { access: 'public', status: 204 },
      schema: { tags, summary: "Report the host's hardware: CPUs, NUMA nodes and memory, disks, NICs", params: UuidParam, body: HostInventoryReport, response: NoContent },
    },
    async (request, reply) => {
      const { host, ctx } = await authenticateHost(deps, request.ctx, request.headers, request.params.uuid);
      request.ctx = ctx;
      await inventory.ingest(ctx, host.uuid, request.body);
      return reply.code(204).send();
    },
  );
}
