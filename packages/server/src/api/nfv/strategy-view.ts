import type { PhaseObject, StrategyObject } from '@murmuration/core/contract/orchestration';
import {
  completionPercentage, currentPhase, type PhaseRecord, type SwDeployStrategy,
} from '@murmuration/core/orchestration';

/** A sw-deploy strategy as the VIM writes it (reference §6.3: hyphenated keys, phases, stages, steps). */

/** VIM times: `YYYY-MM-DD HH:MM:SS`, or '' when not yet. */
const vimTime = (ms: number | null): string => (ms === null ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19));

function phaseView(phase: PhaseRecord): PhaseObject {
  const current = phase.stages.findIndex((s) => s.result !== 'success' && s.result !== 'degraded');
  return {
    'phase-name': phase.name,
    timeout: phase.timeoutSeconds,
    'total-stages': phase.stages.length,
    'current-stage': current === -1 ? phase.stages.length : current,
    'stop-at-stage': phase.stopAtStage === null ? phase.stages.length : phase.stopAtStage + 1,
    stages: phase.stages.map((s) => {
      const step = s.steps.findIndex((st) => st.result !== 'success');
      return {
        'stage-id': s.stageId,
        'stage-name': s.name,
        timeout: s.timeoutSeconds,
        'total-steps': s.steps.length,
        'current-step': step === -1 ? s.steps.length : step,
        steps: s.steps.map((st) => ({
          'step-id': st.stepId,
          'step-name': st.name,
          timeout: st.timeoutSeconds,
          'entity-type': st.entityType,
          'entity-uuids': [...st.entityUuids],
          'entity-names': [...st.entityNames],
          result: st.result,
          reason: st.reason,
          'start-date-time': vimTime(st.startedAt),
          'end-date-time': vimTime(st.endedAt),
        })),
        inprogress: s.result === 'inprogress',
        result: s.result,
        reason: s.reason,
        'start-date-time': vimTime(s.startedAt),
        'end-date-time': vimTime(s.endedAt),
      };
    }),
    inprogress: phase.result === 'inprogress',
    'completion-percentage': completionPercentage(phase),
    result: phase.result,
    reason: phase.reason,
    response: '',
    'start-date-time': vimTime(phase.startedAt),
    'end-date-time': vimTime(phase.endedAt),
  };
}

export function strategyView(s: SwDeployStrategy): StrategyObject {
  const phase = currentPhase(s);
  return {
    uuid: s.uuid,
    name: s.name,
    release: [s.options.release],
    'release-id': s.options.release,
    'pre-upgrade-deploy': false,
    'controller-apply-type': s.options.controllerApplyType,
    'storage-apply-type': s.options.storageApplyType,
    'swift-apply-type': 'ignore',
    'worker-apply-type': s.options.workerApplyType,
    'max-parallel-worker-hosts': s.options.maxParallelWorkerHosts,
    'default-instance-action': s.options.defaultInstanceAction,
    'alarm-restrictions': s.options.alarmRestrictions,
    canary: s.options.canary,
    soak: s.options.soakSeconds,
    'max-failures': 'count' in s.options.maxFailures ? String(s.options.maxFailures.count) : `${s.options.maxFailures.percent}%`,
    'failed-hosts': [...s.failedHosts],
    state: s.state,
    'current-phase': phase.name,
    'current-phase-completion-percentage': completionPercentage(phase),
    'build-phase': phaseView(s.build),
    'apply-phase': phaseView(s.apply),
    'abort-phase': phaseView(s.abort),
  };
}
