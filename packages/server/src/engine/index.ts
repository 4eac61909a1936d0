export { createStrategyRunner } from './strategy-runner.js';
export type { StrategyAction, StrategyRunner, StrategyRunnerDeps } from './strategy-runner.js';
export type { StepOutcome, StepRun, StepType, StrategyAlarms, StrategyBuild, StrategyKind } from './strategy-kind.js';
export { sleep, soakStep, success, waitFor } from './step-waits.js';
