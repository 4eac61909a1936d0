import { AppError, invalid, isAppError, notFound, type Clock, type RequestContext } from '@murmuration/core/common';
import {
  dcStrategyState, DELETABLE_DC_STATES, type DcStrategyState, type FleetStepRecord, type FleetStrategyOptions,
} from '@murmuration/core/dc';
import type { StrategyRecord } from '@murmuration/core/orchestration';
import type { FleetStateCount, Store } from '@murmuration/store';
import type { Logger } from 'pino';
import { createStrategyRunner, type StrategyRunner } from '../../engine/index.js';
import type { AuditService } from '../audit/index.js';
import type { FaultService } from '../fault/index.js';
import { createFleetKind, createRefused, type FleetKindDeps } from './fleet-kind.js';
import { deleteSubcloudStrategies } from './subcloud-strategy-deletion.js';

type Body = Readonly<Record<string, unknown>>;

/** A fleet strategy as dcmanager shows it: the engine's record, its dcmanager state and its steps counted. */
export interface FleetStrategyView {
  readonly strategy: StrategyRecord<FleetStrategyOptions>;
  readonly state: DcStrategyState;
  readonly counts: readonly FleetStateCount[];
}

/** The orchestration of a system controller across its subclouds (`dcmanager sw-deploy-strategy`, `strategy-step`). */
export interface FleetStrategies {
  readonly runner: StrategyRunner<FleetStrategyOptions>;
  createStrategy(ctx: RequestContext, body: Body | null): Promise<FleetStrategyView>;
  /** The strategy; with `type`, only one of that type. */
  getStrategy(type: string | undefined): Promise<FleetStrategyView>;
  /** `apply` or `abort`; null for an action dcmanager does not know (it answers `null`). */
  actOnStrategy(ctx: RequestContext, type: string | undefined, body: Body | null): Promise<FleetStrategyView | null>;
  /** Deletes the strategy (each subcloud's own strategy first, as far as it answers); the view says `deleting`. */
  deleteStrategy(ctx: RequestContext, type: string | undefined): Promise<FleetStrategyView>;
  /** The steps in order (those after the step `afterId`), none when there is no strategy. */
  listSteps(page: { readonly afterId?: number | undefined; readonly limit: number }): Promise<FleetStepRecord[]>;
  /** One subcloud's step, by its name. */
  getStep(cloud: string): Promise<FleetStepRecord>;
}

export interface FleetStrategiesDeps extends FleetKindDeps {
  readonly audit: AuditService;
  readonly fault: FaultService;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly store: Store;
  readonly deleteConcurrency: number;
}

type Verb = 'apply' | 'abort' | 'delete';
const PAST: Readonly<Record<Verb, string>> = { apply: 'applied', abort: 'aborted', delete: 'deleted' };

/** dcmanager's refusal of an action on the strategy (422), the type as the request gave it (`None` when it did not). */
const refused = (verb: Verb, type: string | undefined, message: string) =>
  new AppError('UNPROCESSABLE', `Unable to ${verb} strategy of type '${type ?? 'None'}': Bad strategy request: ${message}`, {
    rule: 'strategy_state',
  });

export function createFleetStrategies(deps: FleetStrategiesDeps): FleetStrategies {
  const { store, audit, fault, clock, logger } = deps;
  const runner = createStrategyRunner(createFleetKind(deps), {
    store, audit, fault, clock, logger, pollMs: deps.pollMs,
  });

  async function view(strategy: StrategyRecord<FleetStrategyOptions>): Promise<FleetStrategyView> {
    const [phases, counts] = await Promise.all([
      store.repos.fleetSteps.countByPhase(strategy.uuid),
      store.repos.fleetSteps.countByState(strategy.uuid),
    ]);
    const state = dcStrategyState({ state: strategy.state, applyResult: strategy.apply.result }, phases);
    return { strategy, state, counts };
  }

  /** The strategy an action is for: there must be one, of the type the request names if it names one. */
  async function target(verb: Verb, type: string | undefined): Promise<FleetStrategyView> {
    const strategy = await runner.get();
    if (!strategy || (type !== undefined && strategy.options.type !== type)) {
      throw refused(verb, type, `Strategy with type ${type ?? 'None'} doesn't exist.`);
    }
    return view(strategy);
  }

  const mustBe = (current: FleetStrategyView, verb: Verb, allowed: readonly DcStrategyState[], type?: string) => {
    if (!allowed.includes(current.state)) throw refused(verb, type, `Strategy in state ${current.state} cannot be ${PAST[verb]}`);
  };

  return {
    runner,

    async createStrategy(ctx, body) {
      const type = typeof body?.['type'] === 'string' ? body['type'] : 'None';
      const existing = await runner.get();
      if (existing) throw createRefused(type, `Strategy of type: '${existing.options.type}' already exists`, 'strategy_exists');
      try {
        return await view(await runner.create(ctx, body ?? {}));
      } catch (error) {
        if (isAppError(error) && error.details?.rule === 'strategy_exists' && error.code === 'CONFLICT') {
          throw createRefused(type, `Strategy of type: 'sw-deploy' already exists`, 'strategy_exists');
        }
        throw error;
      }
    },

    async getStrategy(type) {
      const strategy = await runner.get();
      if (!strategy || (type !== undefined && strategy.options.type !== type)) {
        throw notFound(type === undefined ? 'Strategy not found' : `Strategy of type '${type}' not found`);
      }
      return view(strategy);
    },

    async actOnStrategy(ctx, type, body) {
      if (body === null || Object.keys(body).length === 0) throw invalid('Body required', { field: 'body' });
      const action = body['action'];
      if (action === undefined || action === null || action === '') throw invalid('action required', { field: 'action' });
      if (action !== 'apply' && action !== 'abort') return null;
      const current = await target(action, type);
      if (action === 'apply') {
        mustBe(current, 'apply', ['initial'], type);
        return view(await runner.act(ctx, 'apply-all', null));
      }
      mustBe(current, 'abort', ['applying'], type);
      const aborting = await runner.act(ctx, 'abort', null);
      await store.repos.fleetSteps.abortNotStarted(aborting.uuid, clock.now());
      // As dcmanager's reply: the abort is asked for; the steps not started are aborted from now on.
      return { ...(await view(aborting)), state: 'abort requested' };
    },

    async deleteStrategy(ctx, type) {
      const current = await target('delete', type);
      mustBe(current, 'delete', DELETABLE_DC_STATES, type);
      await deleteSubcloudStrategies(deps, current.strategy.uuid);
      await runner.remove(ctx, false);
      return { ...current, state: 'deleting' };
    },

    async listSteps({ afterId, limit }) {
      const strategy = await runner.get();
      if (!strategy) return [];
      return store.repos.fleetSteps.list(strategy.uuid, { fromPosition: afterId ?? 0, limit });
    },

    async getStep(cloud) {
      const strategy = await runner.get();
      const step = strategy ? await store.repos.fleetSteps.findByName(strategy.uuid, cloud) : null;
      if (!step) throw notFound('Strategy step not found', { cloud });
      return step;
    },
  };
}
