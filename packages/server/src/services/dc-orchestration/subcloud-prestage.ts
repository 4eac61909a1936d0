import type { FleetStepState } from '@murmuration/core/dc';
import { isAppError } from '@murmuration/core/common';
import type { SubcloudPrestages } from './prestage-jobs.js';
import type { SubcloudDeployEnd, SubcloudDeployJob, SubcloudDriver } from './subcloud-deploy.js';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The prestage strategy's driver: takes one subcloud through dcmanager's prestage states from where its row stands.
 * `prestage-precheck` checks the subcloud as the prestage action does (managed, online, its deploy status, no other
 * prestage under way) and puts its prestage under way (one already under way for this release is joined);
 * `prestaging-packages` waits for the transfer (the fleet's prestage worker sends it, within the concurrency
 * limit); `prestaging-images` has nothing to send here (a release bundle holds everything a subcloud takes) and
 * passes; then `complete`. A row caught mid-way by a restart goes on from its state: the transfer resumes where the
 * subcloud stands.
 */
export function prestageDriver(deps: { readonly prestages: SubcloudPrestages }): SubcloudDriver {
  const { prestages } = deps;
  async function drive(job: SubcloudDeployJob): Promise<SubcloudDeployEnd> {
    const { row, options } = job;
    let state: FleetStepState = row.state;
    const failed = (error: string): SubcloudDeployEnd => ({
      kind: 'failed', details: `${state}: ${error}`.slice(0, 1000), deployStatus: 'complete', error,
    });
    try {
      for (;;) {
        let next: FleetStepState;
        if (state === 'prestage-precheck') {
          await prestages.ensure(row.subcloudId, options.releaseId, {
            forSwDeploy: options.forSwDeploy, origin: 'prestage-strategy', check: true,
          });
          next = 'prestaging-packages';
        } else if (state === 'prestaging-packages') {
          const end = await prestages.waitFor(row.subcloudId, options.releaseId, job.stopping);
          if (end === 'stopped') return { kind: 'stopped' };
          if (end.state === 'failed') return failed(end.error ?? `the prestage of ${options.releaseId} failed`);
          next = 'prestaging-images';
        } else {
          return { kind: 'complete', details: '' };
        }
        if (job.stopping()) return { kind: 'stopped' };
        state = next;
        await job.save({ state, details: '' });
      }
    } catch (error) {
      // A subcloud gone offline since its turn came is retried later, as the window does with one offline at it.
      if (isAppError(error) && error.details?.rule === 'subcloud_offline') return { kind: 'unreachable', reason: 'offline' };
      return failed(messageOf(error));
    }
  }
  return { firstState: 'prestage-precheck', drive };
}
