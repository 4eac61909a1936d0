import { conflict } from '../errors/app-error.js';
import type { HostSoftwareRecord } from './host-software.js';

/**
 * A host's software once a rollback is asked for: rolling back to the release it ran when its
 * last deployment began, whether that deployment succeeded or failed (after a failure the agent
 * switched back to it; the rollback runs its hooks again), or to the one a failed rollback was
 * returning to. Refuses, saying why, when there is nothing to return to.
 */
export function planRollback(
  hostname: string,
  software: HostSoftwareRecord | null,
  at: number,
): HostSoftwareRecord & { readonly target: string } {
  if (software === null || software.target === null) throw conflict(`${hostname} has no deployment to roll back`, { rule: 'rollback_nothing' });
  const { state, target, from } = software;
  if (state === 'deploying' || state === 'rolling-back') throw conflict(`${hostname} is already ${state}`, { rule: 'deploy_busy' });
  if (state === 'rolled-back') throw conflict(`${hostname} was already rolled back to ${target}; deploy a release to go forward`, { rule: 'rollback_done' });
  if (from === null) throw conflict(`${hostname} ran no release before ${target}: there is nothing to roll back to`, { rule: 'rollback_nothing' });
  // A failed rollback left the target on the release it returns to: rolling back again retries it.
  if (from === target && state !== 'failed') throw conflict(`${hostname} already ran ${target} before its last deployment: there is nothing to roll back to`, { rule: 'rollback_nothing' });
  return { ...software, target: from, state: 'rolling-back', reason: null, hookOutput: null, updatedAt: at };
}
