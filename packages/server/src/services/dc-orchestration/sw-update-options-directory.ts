import { notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import {
  DEFAULT_OPTIONS_REFS, readSwUpdateOptions, refIsId, SW_UPDATE_DEFAULT_TITLE, SW_UPDATE_OPTIONS_DEFAULT,
  type SubcloudRecord, type SwUpdateOptions, type SwUpdateOptionsRecord,
} from '@murmuration/core/dc';
import type { Repos, Store } from '@murmuration/store';
import type { AuditService } from '../audit/index.js';

type OptionsView = SwUpdateOptionsView;

/** A set of options as shown: under a subcloud's name or the defaults' title; no record for the built-in defaults. */
export interface SwUpdateOptionsView {
  readonly name: string;
  readonly options: SwUpdateOptions;
  readonly record: SwUpdateOptionsRecord | null;
}

/** `dcmanager strategy-config`: the options each subcloud's own strategy is made with, and their defaults. */
export interface SwUpdateOptionsDirectory {
  /** The defaults first, then every subcloud that has its own. */
  listOptions(): Promise<SwUpdateOptionsView[]>;
  /** `SystemController` (or `RegionOne`) for the defaults, else a subcloud by id or name. */
  getOptions(ref: string): Promise<SwUpdateOptionsView>;
  putOptions(ctx: RequestContext, ref: string, body: Readonly<Record<string, unknown>> | null): Promise<OptionsView>;
  deleteOptions(ctx: RequestContext, ref: string): Promise<void>;
  /** What a subcloud's strategy is made with: its own, else the defaults. */
  optionsFor(subcloudId: number): Promise<SwUpdateOptions>;
}

const isDefaults = (ref: string) => DEFAULT_OPTIONS_REFS.includes(ref);

async function subcloudOf(repos: Repos, ref: string): Promise<SubcloudRecord> {
  const subcloud = refIsId(ref) ? await repos.subclouds.findById(Number(ref)) : await repos.subclouds.findByName(ref);
  if (!subcloud) throw notFound('Subcloud not found', { subcloud: ref });
  return subcloud;
}

const shown = (name: string, record: SwUpdateOptionsRecord | null): SwUpdateOptionsView => ({
  name, options: record ?? SW_UPDATE_OPTIONS_DEFAULT, record,
});

export function createSwUpdateOptionsDirectory(deps: {
  readonly store: Store;
  readonly audit: AuditService;
  readonly clock: Clock;
}): SwUpdateOptionsDirectory {
  const { store, audit, clock } = deps;
  const defaults = async (repos: Repos) => shown(SW_UPDATE_DEFAULT_TITLE, await repos.swUpdateOptions.find(null));
  return {
    async listOptions() {
      const own = await store.repos.swUpdateOptions.listSubclouds();
      const subclouds = await store.repos.subclouds.findByIds(own.map((o) => o.subcloudId!));
      const names = new Map(subclouds.map((s) => [s.id, s.name]));
      const named = own.flatMap((o) => (names.has(o.subcloudId!) ? [shown(names.get(o.subcloudId!)!, o)] : []));
      return [await defaults(store.repos), ...named];
    },

    async getOptions(ref) {
      if (isDefaults(ref)) return defaults(store.repos);
      const subcloud = await subcloudOf(store.repos, ref);
      const record = await store.repos.swUpdateOptions.find(subcloud.id);
      if (!record) throw notFound(`No options found for Subcloud with id ${subcloud.id}, defaults will be used.`, { subcloud: ref });
      return shown(subcloud.name, record);
    },

    async putOptions(ctx, ref, body) {
      const options = readSwUpdateOptions(body);
      const detail = `${options.storageApplyType}/${options.workerApplyType} storage/workers, ${options.maxParallelWorkers} at once, `
        + `${options.alarmRestrictionType} alarms, ${options.defaultInstanceAction}`;
      return audit.change(ctx, { target: `sw-update-options:${ref}`, detail }, async (repos) => {
        if (isDefaults(ref)) {
          return shown(SW_UPDATE_DEFAULT_TITLE, await repos.swUpdateOptions.put(null, options, clock.now()));
        }
        const subcloud = await subcloudOf(repos, ref);
        return shown(subcloud.name, await repos.swUpdateOptions.put(subcloud.id, options, clock.now()));
      });
    },

    async deleteOptions(ctx, ref) {
      await audit.change(ctx, { target: `sw-update-options:${ref}`, detail: 'deleted' }, async (repos) => {
        if (isDefaults(ref)) {
          await repos.swUpdateOptions.remove(null);
          return;
        }
        const subcloud = await subcloudOf(repos, ref);
        if (!(await repos.swUpdateOptions.remove(subcloud.id))) throw notFound('Subcloud patch options not found', { subcloud: ref });
      });
    },

    async optionsFor(subcloudId) {
      const { swUpdateOptions } = store.repos;
      const own = await swUpdateOptions.find(subcloudId);
      return own ?? (await swUpdateOptions.find(null)) ?? SW_UPDATE_OPTIONS_DEFAULT;
    },
  };
}
