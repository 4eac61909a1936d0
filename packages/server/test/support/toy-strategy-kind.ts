import { invalid } from '@murmuration/core/common';
import {
  plannedStage, readRolloutOptions, type PlannedStep, type RolloutOptions, type StageRecord,
} from '@murmuration/core/orchestration';
import { soakStep, success, waitFor, type StrategyKind } from '../../src/engine/index.js';

/** A toy strategy's options: the named things it works on, and the rollout options every kind has. */
export interface ToyOptions extends RolloutOptions {
  readonly targets: readonly string[];
}

/** The world a toy strategy works on, which the test changes as it goes. */
export interface ToyWorld {
  /** `step:target` for each time a step was applied to a target, in order. */
  readonly visits: string[];
  /** Targets whose `touch` fails. */
  readonly failing: Set<string>;
  /** While true, every `touch` waits (the step stays under way). */
  held: boolean;
  /** What holds health back during the soak. */
  unhealthy: string[];
}

export function toyWorld(): ToyWorld {
  return { visits: [], failing: new Set(), held: false, unhealthy: [] };
}

/** Seconds a `touch` may take. */
export const TOUCH_TIMEOUT_SECONDS = 30;

const touch = (targets: readonly string[]): PlannedStep => ({ name: 'touch', timeoutSeconds: TOUCH_TIMEOUT_SECONDS, entityType: 'targets', entities: targets.map((t) => ({ uuid: `uuid-${t}`, name: t })) });

/**
 * A strategy kind that exists only in the tests: it proves that the engine runs a kind it knows
 * nothing about. It borrows the firmware-update orchestration alarms, which the catalogue has and
 * nothing else raises.
 */
export function toyKind(world: ToyWorld): StrategyKind<ToyOptions> {
  return {
    name: 'toy-rollout',
    label: 'toy',
    entity: 'orchestration=fw-update',
    alarms: {
      inProgress: { id: '900.301', reason: (o) => `Toy rollout over ${o.targets.join(', ')} in progress` },
      aborting: { id: '900.302', reason: 'Toy rollout aborting' },
      failed: { id: '900.303', reason: (why) => `Toy rollout failed: ${why}` },
    },
    async build(body) {
      const targets = body['targets'];
      if (!Array.isArray(targets) || targets.length === 0 || !targets.every((t) => typeof t === 'string')) throw invalid('targets must name what to roll out to', { field: 'targets' });
      const options: ToyOptions = { targets, ...readRolloutOptions(body) };
      const stages: StageRecord[] = [];
      const add = (name: string, steps: PlannedStep[]) => stages.push(plannedStage(stages.length, name, steps));
      add('toy-start', [{ name: 'check', timeoutSeconds: 10, entityType: '', entities: [] }]);
      if (options.canary > 0) add('toy-canaries', [touch(targets.slice(0, options.canary)), { name: 'soak', timeoutSeconds: 3600, entityType: '', entities: [] }]);
      for (const target of targets.slice(options.canary)) add('toy-target', [touch([target])]);
      return { options, stages, about: `for ${targets.length} targets` };
    },
    steps: {
      check: {
        async apply() {
          world.visits.push('check');
          return success;
        },
      },
      touch: {
        async apply(run, step) {
          for (const name of step.entityNames) world.visits.push(`touch:${name}`);
          const held = await waitFor(run, 'the world to let go', async () => (world.held ? null : success));
          if (held.result !== 'success') return held;
          const failed = step.entityNames.filter((n) => world.failing.has(n));
          return failed.length === 0 ? success : { result: 'failed', reason: `${failed.join(', ')} would not move`, failedHosts: failed };
        },
      },
      soak: soakStep(async () => world.unhealthy),
    },
    degraded: (failed) => `left untouched: ${failed.join(', ')}`,
  };
}
