import { UuidParam } from '@murmuration/core/contract/common';
import { HostRefParam } from '@murmuration/core/contract/inventory';
import {
  type LabelObject, LabelAssignBody, LabelAssignQuery, LabelCollection, LabelObject as LabelSchema,
} from '@murmuration/core/contract/network';
import Type from 'typebox';
import type { HostLabelRecord, HostLabelService } from '../../services/inventory/index.js';
import { NoContent, type Api } from '../api-types.js';

const tags = ['sysinv'];

/**
 * `POST /labels/{uuid}` names the host (sysinv passes its uuid; a hostname or id works too), `DELETE /labels/{uuid}`
 * the label.
 */
const LabelHostParam = Type.Object({ uuid: HostRefParam.properties.host });

const labelView = (label: HostLabelRecord): LabelObject => ({
  uuid: label.uuid,
  host_uuid: label.hostUuid,
  label_key: label.key,
  label_value: label.value,
});

/** sysinv host labels: list a host's, show one, set some (`POST /labels/{host}`), remove one. */
export function labelRoutes(app: Api, deps: { labels: HostLabelService }): void {
  const { labels } = deps;

  app.get(
    '/v1/ihosts/:host/labels',
    { schema: { tags, summary: "List a host's labels", params: HostRefParam, response: { 200: LabelCollection } } },
    async (request) => ({ labels: (await labels.list(request.params.host)).map(labelView) }),
  );

  app.get(
    '/v1/labels/:uuid',
    { schema: { tags, summary: 'Show a label (system host-label-assign reads back each label it set)', params: UuidParam, response: { 200: LabelSchema } } },
    async (request) => labelView(await labels.get(request.params.uuid)),
  );

  app.post(
    '/v1/labels/:uuid',
    {
      schema: {
        tags,
        summary: 'Set labels on a host: {"key": "value", …}; changing an existing key needs overwrite=True. Answers the labels set. The host gets a new configuration generation.',
        params: LabelHostParam,
        querystring: LabelAssignQuery,
        body: LabelAssignBody,
        response: { 200: LabelCollection },
      },
    },
    async (request) => ({
      labels: (await labels.assign(request.ctx, request.params.uuid, request.body, /^true$/i.test(request.query.overwrite ?? ''))).map(labelView),
    }),
  );

  app.delete(
    '/v1/labels/:uuid',
    { config: { status: 204 }, schema: { tags, summary: 'Remove a label from its host', params: UuidParam, response: NoContent } },
    async (request, reply) => {
      await labels.remove(request.ctx, request.params.uuid);
      return reply.code(204).send();
    },
  );
}
