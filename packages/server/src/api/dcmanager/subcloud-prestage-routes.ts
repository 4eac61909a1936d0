import { pythonTime } from '@murmuration/core/common';
import {
  SubcloudPrestageAnswer, SubcloudPrestageBody, SubcloudPrestageProgress, SubcloudRefParam,
} from '@murmuration/core/contract/dcmanager';
import { prestagePercent } from '@murmuration/core/dc';
import type { PrestageView, SubcloudPrestages } from '../../services/dc-orchestration/index.js';
import type { Api } from '../api-types.js';
import { body } from './strategy-routes.js';
import { subcloudObject } from './subcloud-view.js';

const tags = ['dcmanager'];

function progressObject({ subcloud, job }: PrestageView): SubcloudPrestageProgress {
  const time = (ms: number | null) => (ms === null ? null : pythonTime(ms));
  return {
    subcloud: subcloud.name,
    status: subcloud.prestageStatus,
    release: job?.releaseId ?? null,
    for_sw_deploy: job ? job.forSwDeploy : null,
    bytes_sent: job?.bytesSent ?? 0,
    bytes_total: job?.bytesTotal ?? 0,
    percent: job ? prestagePercent(job) : 0,
    rate_bps: job?.rateBps ?? 0,
    attempts: job?.attempts ?? 0,
    resumed_from_bytes: job?.resumedFrom ?? 0,
    error: job?.error ?? null,
    'prestage-versions': subcloud.prestageVersions,
    'started-at': time(job?.startedAt ?? null),
    'finished-at': time(job?.finishedAt ?? null),
    'updated-at': time(job?.updatedAt ?? null),
  };
}

/**
 * `PATCH /v1.0/subclouds/{ref}/prestage` as dcmanager's `subcloud prestage` sends it, and this controller's own
 * `GET` of the same path: where the subcloud's latest prestage stands.
 */
export function subcloudPrestageRoutes(app: Api, prestages: SubcloudPrestages): void {
  app.patch(
    '/v1.0/subclouds/:ref/prestage',
    {
      schema: {
        tags, summary: 'Prestage a release to a subcloud: its bundle sent in resumable, hash-checked chunks',
        params: SubcloudRefParam, body: SubcloudPrestageBody, response: { 200: SubcloudPrestageAnswer },
      },
    },
    async (request) => {
      const { subcloud, releaseId } = await prestages.prestage(request.ctx, request.params.ref, body(request.body));
      const { sync_status: _s, endpoint_sync_status: _e, ...object } = subcloudObject(subcloud, 'rpc', false);
      return { ...object, 'prestage-software-version': releaseId };
    },
  );

  app.get(
    '/v1.0/subclouds/:ref/prestage',
    {
      schema: {
        tags, summary: 'Where a subcloud\'s latest prestage stands: bytes sent, attempts, where it resumed',
        params: SubcloudRefParam, response: { 200: SubcloudPrestageProgress },
      },
    },
    async (request) => progressObject(await prestages.view(request.params.ref)),
  );
}
