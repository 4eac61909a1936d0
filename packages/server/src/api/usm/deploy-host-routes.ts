import type { DeployHostObject, HostRecord, HostSoftwareRecord } from '@murmuration/core';
import { DeployHostBody, DeployHostList, DeployHostObject as DeployHostSchema, DeployHostParam } from '@murmuration/core/contract';
import type { DeployService, ReleaseService } from '../../services/software/index.js';
import Type from 'typebox';
import type { Api } from '../api-types.js';

/** A rollback takes no settings: `{}`. */
const RollbackBody = Type.Object({}, { additionalProperties: false });

const tags = ['usm'];

/** USM `deploy_host`: each host's release, target and deployment state; deploy a release to a host; roll it back. */
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
      host_state: software.state,
      reason: software.reason,
      hook_output: software.hookOutput,
    };
  }

  async function one(hostname: string): Promise<DeployHostObject> {
    const entry = (await deploy.list()).find((e) => e.host.hostname === hostname || e.host.uuid === hostname || String(e.host.id) === hostname);
    return view(entry!.host, entry!.software);
  }

  app.get('/usm/v1/deploy_host', { schema: { tags, summary: "Every host's running and target release and its deployment state", response: { 200: DeployHostList } } }, async () =>
    Promise.all((await deploy.list()).map((e) => view(e.host, e.software))),
  );

  app.post(
    '/usm/v1/deploy_host/:hostname',
    {
      schema: {
        tags,
        summary: 'Deploy a release on a host: its agent fetches it, checks it against the signing key, installs it into its other slot and switches; any failure leaves the old slot active',
        params: DeployHostParam,
        body: DeployHostBody,
        response: { 200: DeployHostSchema },
      },
    },
    async (request) => {
      await deploy.deployHost(request.ctx, request.params.hostname, request.body.release);
      return one(request.params.hostname);
    },
  );

  app.post(
    '/usm/v1/deploy_host/:hostname/rollback',
    { schema: { tags, summary: 'Send a host back to the release it ran before its last deployment, running its hooks again; 409 when there is none', params: DeployHostParam, body: RollbackBody, response: { 200: DeployHostSchema } } },
    async (request) => {
      await deploy.rollbackHost(request.ctx, request.params.hostname);
      return one(request.params.hostname);
    },
  );
}
