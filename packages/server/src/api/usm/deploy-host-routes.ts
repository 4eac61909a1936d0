import {
  type DeployHostObject, type DeployHostResult, DeployHostBody, DeployHostList, DeployHostParam,
  DeployHostResult as DeployHostResultSchema,
} from '@murmuration/core/contract/software';
import type { HostRecord } from '@murmuration/core/inventory';
import type { HostSoftwareRecord } from '@murmuration/core/software';
import type { DeployService, ReleaseService } from '../../services/software/index.js';
import Type from 'typebox';
import type { Api } from '../api-types.js';

/** A rollback takes no settings: `{}`, or no body at all as the `software` client sends it. */
const RollbackBody = Type.Object({}, { additionalProperties: false, nullable: true });

const tags = ['usm'];

/**
 * USM `deploy_host`: each host's release, target and deployment state; deploy a release to a host; roll it back.
 * The `/force` forms are USM's way past its health checks; there are none here for them to skip.
 */
export function deployHostRoutes(app: Api, deps: { deploy: DeployService; releases: ReleaseService }): void {
  const { deploy, releases } = deps;

  async function view(host: HostRecord, software: HostSoftwareRecord): Promise<DeployHostObject> {
    const target = software.target === null ? null : await releases.get(software.target).catch(() => null);
    return {
      hostname: host.hostname,
      software_release: software.running,
      target_release: software.target,
      previous_release: software.previous,
      reboot_required: target?.metadata.rebootRequired ?? false,
      pre_upgrade_deploy: false,
      host_state: software.state,
      reason: software.reason,
      hook_output: software.hookOutput,
    };
  }

  /** The host's deployment now, with the line the `software` client prints. */
  async function result(hostname: string, info: (host: DeployHostObject) => string): Promise<DeployHostResult> {
    const entry = (await deploy.list()).find(
      (e) => e.host.hostname === hostname || e.host.uuid === hostname || String(e.host.id) === hostname,
    );
    const host = await view(entry!.host, entry!.software);
    return { info: info(host), warning: '', error: '', ...host };
  }

  app.get('/v1/deploy_host', { schema: { tags, summary: "Every host's running and target release and its deployment state", response: { 200: DeployHostList } } }, async () =>
    Promise.all((await deploy.list()).map((e) => view(e.host, e.software))),
  );

  for (const suffix of ['', '/force']) {
    app.post(
      `/v1/deploy_host/:hostname${suffix}`,
      {
        schema: {
          tags,
          summary:
            'Deploy a release on a host (without a body: the release under way): its agent fetches it, checks it against the signing key, installs it into its other slot and switches; any failure leaves the old slot active',
          params: DeployHostParam,
          body: DeployHostBody,
          response: { 200: DeployHostResultSchema },
        },
      },
      async (request) => {
        await deploy.deployHost(request.ctx, request.params.hostname, request.body?.release ?? null);
        return result(request.params.hostname, (h) => `Host deployment of ${h.target_release} sent to ${h.hostname}.\n`);
      },
    );
    app.post(
      `/v1/deploy_host/:hostname/rollback${suffix}`,
      { schema: { tags, summary: 'Send a host back to the release it ran before its last deployment, running its hooks again; 409 when there is none', params: DeployHostParam, body: RollbackBody, response: { 200: DeployHostResultSchema } } },
      async (request) => {
        await deploy.rollbackHost(request.ctx, request.params.hostname);
        return result(request.params.hostname, (h) => `Host rollback of ${h.hostname} to ${h.target_release} sent.\n`);
      },
    );
  }
}
