import { queryFlag } from '@murmuration/core/common';
import {
  FleetSummary, SubcloudDeleteQuery, SubcloudDetailObject, SubcloudList, SubcloudListQuery, SubcloudObject,
  SubcloudRefParam,
} from '@murmuration/core/contract/dcmanager';
import { AVAILABILITY_STATUSES, MANAGEMENT_STATES, SYNC_STATUSES, type FleetCount } from '@murmuration/core/dc';
import Type from 'typebox';
import type { DcManagerService } from '../../services/dc-manager/index.js';
import type { Api } from '../api-types.js';
import { formFields } from './dcmanager-form.js';
import { STREAM_PAGE, jsonListStream, streamedList } from './json-list-stream.js';
import { subcloudDetail, subcloudObject } from './subcloud-view.js';

const tags = ['dcmanager'];
const JSON_TYPE = 'application/json; charset=utf-8';
/** What dcmanager answers a DELETE: 200 with a JSON null (an empty 200 would be a 204 to its client). */
const NullBody = Type.Null();

/** A form of text fields and text files, read by the route itself (`formFields`); the service checks each field. */
const Form = (description: string) =>
  Type.Unsafe<Record<string, unknown> | null>({ type: 'object', nullable: true, additionalProperties: true, description });

/** A form the StarlingX client sends as multipart, which a JSON object may stand for. */
const FormBody = {
  content: {
    'multipart/form-data': { schema: Form('fields as requests_toolbelt encodes them; files (bootstrap_values) as file parts') },
    'application/json': { schema: Form('the same fields as a JSON object') },
  },
};

function summaryOf(counts: readonly FleetCount[]): Pick<FleetSummary, 'summary'> {
  const tally = <K extends string>(keys: readonly K[], of: (c: FleetCount) => string) =>
    Object.fromEntries(keys.map((k) => [k, counts.filter((c) => of(c) === k).reduce((n, c) => n + c.count, 0)]));
  return {
    summary: {
      total: counts.reduce((n, c) => n + c.count, 0),
      management_state: tally(MANAGEMENT_STATES, (c) => c.managementState),
      availability_status: tally(AVAILABILITY_STATUSES, (c) => c.availabilityStatus),
      sync_status: tally(SYNC_STATUSES, (c) => c.syncStatus),
      counts: counts.map((c) => ({
        management_state: c.managementState, availability_status: c.availabilityStatus, sync_status: c.syncStatus,
        count: c.count,
      })),
    },
  };
}

/**
 * `/v1.0/subclouds` as the dcmanager client calls it (collection with or without its trailing slash, items by id or
 * name), plus the fleet summary. The whole list is streamed page by page from the database; `?limit=&marker=` pages it
 * (id order, `next_marker` the marker of the page after).
 */
export function subcloudRoutes(app: Api, service: DcManagerService): void {
  app.get(
    '/v1.0/subclouds',
    { schema: { tags, summary: 'List the subclouds', querystring: SubcloudListQuery, response: { 200: streamedList(SubcloudList) } } },
    async (request, reply) => {
      const { limit, marker } = request.query;
      if (limit !== undefined) {
        const page = await service.listSubclouds({ afterId: marker, limit });
        const last = page[page.length - 1];
        return { subclouds: page.map((s) => subcloudObject(s, 'row', true)), next_marker: page.length === limit && last ? last.id : null };
      }
      const stream = jsonListStream(
        'subclouds',
        (after) => service.listSubclouds({ afterId: after ?? marker, limit: STREAM_PAGE }),
        (s) => s.id,
        (s) => subcloudObject(s, 'row', true),
      );
      return reply.type(JSON_TYPE).send(stream);
    },
  );

  app.get(
    '/v1.0/subclouds/summary',
    { schema: { tags, summary: 'The fleet by management state, availability and sync status', response: { 200: FleetSummary } } },
    async () => {
      const audit = service.auditor.stats();
      return {
        ...summaryOf(await service.fleetCounts()),
        audit: {
          replica: service.replica, audits: audit.audits, unchanged: audit.unchanged, reports: audit.reports,
          failures: audit.failures, syncs: audit.syncs, sync_failures: audit.syncFailures, in_flight: audit.inFlight,
          lag_seconds: audit.lagMs / 1000, overrun: audit.overrun,
        },
      };
    },
  );

  app.get(
    '/v1.0/subclouds/:ref',
    { schema: { tags, summary: 'Show a subcloud', params: SubcloudRefParam, response: { 200: SubcloudObject } } },
    async (request) => subcloudObject(await service.getSubcloud(request.params.ref), 'row', true),
  );

  app.get(
    '/v1.0/subclouds/:ref/detail',
    { schema: { tags, summary: 'Show a subcloud with its OAM address and region', params: SubcloudRefParam, response: { 200: SubcloudDetailObject } } },
    async (request) => subcloudDetail(await service.getSubcloud(request.params.ref)),
  );

  app.post(
    '/v1.0/subclouds',
    {
      schema: {
        tags,
        summary: 'Add a subcloud installed on its site, by its URL and a join token made there or its admin credentials',
        body: FormBody,
        response: { 200: SubcloudObject },
      },
    },
    async (request) => subcloudObject(await service.addSubcloud(request.ctx, await formFields(request)), 'row', false),
  );

  app.patch(
    '/v1.0/subclouds/:ref',
    {
      schema: {
        tags, summary: 'Update, manage or unmanage a subcloud', params: SubcloudRefParam, body: FormBody,
        response: { 200: SubcloudObject },
      },
    },
    async (request) =>
      subcloudObject(await service.updateSubcloud(request.ctx, request.params.ref, await formFields(request)), 'rpc', false),
  );

  app.delete(
    '/v1.0/subclouds/:ref',
    {
      schema: {
        tags, summary: 'Delete an unmanaged subcloud (one still online only with force)', params: SubcloudRefParam,
        querystring: SubcloudDeleteQuery, response: { 200: NullBody },
      },
    },
    async (request) => {
      await service.deleteSubcloud(request.ctx, request.params.ref, { force: queryFlag(request.query.force) ?? false });
      return null;
    },
  );
}
