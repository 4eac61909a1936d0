import type { FleetStepPhase, FleetStepStage, FleetStepState } from '@murmuration/core/dc';
import type { Generated } from 'kysely';

/**
 * Orchestration across subclouds: one row per subcloud of the fleet strategy under way (the strategy itself is
 * a document of `strategies`, rewritten at each of its engine steps; a subcloud's progress is its own row,
 * rewritten at each of its transitions), and the options the subclouds' own strategies are made with.
 */
export interface FleetTables {
  fleet_strategy_steps: FleetStrategyStepTable;
  sw_update_options: SwUpdateOptionsTable;
}

export interface FleetStrategyStepTable {
  strategy_uuid: string;
  subcloud_id: number;
  /** Kept with the step: a subcloud renamed or deleted meanwhile still shows under the name it had. */
  subcloud_name: string;
  position: number;
  stage: FleetStepStage;
  state: FleetStepState;
  phase: FleetStepPhase;
  details: string;
  deferrals: number;
  not_before: number | null;
  started_at: number | null;
  finished_at: number | null;
  vim_strategy_uuid: string | null;
  created_at: number;
  updated_at: number | null;
}

export interface SwUpdateOptionsTable {
  id: Generated<number>;
  /** null: the defaults (one row at most). */
  subcloud_id: number | null;
  storage_apply_type: 'parallel' | 'serial';
  worker_apply_type: 'parallel' | 'serial';
  max_parallel_workers: number;
  alarm_restriction_type: 'strict' | 'relaxed';
  default_instance_action: 'stop-start' | 'migrate';
  created_at: number;
  updated_at: number | null;
}

declare module '../schema.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging adds the tables
  interface Database extends FleetTables {}
}
