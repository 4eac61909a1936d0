import type { StrategyResult, StrategyState } from '../orchestration/strategy.js';
import type { FleetPhaseCounts } from './fleet-step.js';

/** A fleet strategy's state as dcmanager names it (`DCM/common/consts.py`). */
export const DC_STRATEGY_STATES = [
  'initial', 'applying', 'abort requested', 'aborting', 'complete', 'aborted', 'failed', 'deleting',
] as const;
export type DcStrategyState = (typeof DC_STRATEGY_STATES)[number];

/** The states a fleet strategy may be deleted in. */
export const DELETABLE_DC_STATES: readonly DcStrategyState[] = ['initial', 'complete', 'failed', 'aborted'];

/**
 * dcmanager's state of a fleet strategy from the engine's and its steps': `initial` until applied; `abort requested`
 * while steps not yet started are left, then `aborting` until those under way end; at the end `complete` only
 * when no subcloud failed (a failure within the budget still makes it `failed`, as any failed step does in
 * dcmanager), `aborted` when aborted without a failure.
 */
export function dcStrategyState(
  engine: { readonly state: StrategyState; readonly applyResult: StrategyResult },
  counts: FleetPhaseCounts,
): DcStrategyState {
  switch (engine.state) {
    case 'initial':
    case 'building':
    case 'ready-to-apply':
      return 'initial';
    case 'applying':
      return 'applying';
    case 'aborting':
      return counts.waiting + counts.deferred > 0 ? 'abort requested' : 'aborting';
    case 'applied':
      return engine.applyResult === 'success' && counts.failed === 0 ? 'complete' : 'failed';
    case 'aborted':
      return counts.failed > 0 ? 'failed' : 'aborted';
    default:
      return 'failed';
  }
}
