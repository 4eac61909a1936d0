import { buildAlarmSet, type AlarmChange } from '@murmuration/core/fault';
import type { RolloutOptions } from '@murmuration/core/orchestration';
import type { StrategyKind } from './strategy-kind.js';

/** Longest reason text an alarm takes. */
const REASON_MAX = 255;

/** The alarm changes a strategy of this kind makes, on the kind's entity. */
export function strategyAlarmChanges<O extends RolloutOptions>(kind: StrategyKind<O>) {
  const set = (alarmId: string, severity: 'major' | 'critical', reasonText: string): AlarmChange => ({
    kind: 'set',
    alarm: buildAlarmSet({ alarmId, entityInstanceId: kind.entity, severity, reasonText }),
  });
  const clear = (alarmId: string): AlarmChange => ({ kind: 'clear', alarmId, entityInstanceId: kind.entity });
  const { inProgress, aborting, failed } = kind.alarms;
  return {
    inProgress: (options: O) => set(inProgress.id, 'major', inProgress.reason(options)),
    aborting: () => set(aborting.id, 'major', aborting.reason),
    failed: (why: string) => set(failed.id, 'critical', failed.reason(why).slice(0, REASON_MAX)),
    clearInProgress: () => clear(inProgress.id),
    clearAborting: () => clear(aborting.id),
    clearFailed: () => clear(failed.id),
  };
}
