import {
  SubcloudGroupCreateBody, SubcloudGroupList, SubcloudGroupObject, SubcloudGroupUpdateBody, SubcloudList,
  SubcloudRefParam,
} from '@murmuration/core/contract/dcmanager';
import Type from 'typebox';
import type { DcManagerService } from '../../services/dc-manager/index.js';
import type { Api } from '../api-types.js';
import { STREAM_PAGE, jsonListStream, streamedList } from './json-list-stream.js';
import { groupObject, subcloudObject } from './subcloud-view.js';

const tags = ['dcmanager'];
const JSON_TYPE = 'application/json; charset=utf-8';

/** `/v1.0/subcloud-groups` as `dcmanager subcloud-group …` calls it. */
export function subcloudGroupRoutes(app: Api, service: DcManagerService): void {
  app.get(
    '/v1.0/subcloud-groups',
    { schema: { tags, summary: 'List the subcloud groups', response: { 200: SubcloudGroupList } } },
    async () => {
      const groups = await service.listGroups();
      return { subcloud_groups: groups.map(({ group, subcloudCount }) => groupObject(group, subcloudCount)) };
    },
  );

  app.get(
    '/v1.0/subcloud-groups/:ref',
    { schema: { tags, summary: 'Show a subcloud group', params: SubcloudRefParam, response: { 200: SubcloudGroupObject } } },
    async (request) => groupObject(await service.getGroup(request.params.ref)),
  );

  app.get(
    '/v1.0/subcloud-groups/:ref/subclouds',
    { schema: { tags, summary: 'List the subclouds of a group', params: SubcloudRefParam, response: { 200: streamedList(SubcloudList) } } },
    async (request, reply) => {
      const group = await service.getGroup(request.params.ref);
      const stream = jsonListStream(
        'subclouds',
        (after) => service.listSubclouds({ afterId: after ?? undefined, limit: STREAM_PAGE, groupId: group.id }),
        (s) => s.id,
        (s) => subcloudObject(s, 'row', false),
      );
      return reply.type(JSON_TYPE).send(stream);
    },
  );

  app.post(
    '/v1.0/subcloud-groups',
    { schema: { tags, summary: 'Add a subcloud group', body: SubcloudGroupCreateBody, response: { 200: SubcloudGroupObject } } },
    async (request) => groupObject(await service.addGroup(request.ctx, request.body)),
  );

  app.patch(
    '/v1.0/subcloud-groups/:ref',
    {
      schema: {
        tags, summary: 'Update a subcloud group', params: SubcloudRefParam, body: SubcloudGroupUpdateBody,
        response: { 200: SubcloudGroupObject },
      },
    },
    async (request) => groupObject(await service.updateGroup(request.ctx, request.params.ref, request.body)),
  );

  app.delete(
    '/v1.0/subcloud-groups/:ref',
    { schema: { tags, summary: 'Delete an empty subcloud group', params: SubcloudRefParam, response: { 200: Type.Null() } } },
    async (request) => {
      await service.deleteGroup(request.ctx, request.params.ref);
      return null;
    },
  );
}
