import type { Store } from '@murmuration/store';
import type { Logger } from 'pino';
import type { SubcloudLinks } from './subcloud-links.js';

const LEFT_BEHIND = new Set(['applied', 'aborted', 'build-failed', 'build-timeout', 'apply-failed', 'apply-timeout', 'abort-failed', 'abort-timeout', 'ready-to-apply']);

/**
 * Deletes, on each subcloud a strategy made one on, that subcloud's own sw-deploy strategy, as dcmanager does when
 * its strategy is deleted: only the one this strategy made, and only once it no longer runs; at most `concurrency`
 * subclouds at once. A subcloud that does not answer keeps its own (its next strategy's pre-check deletes it).
 */
export async function deleteSubcloudStrategies(
  deps: {
    readonly store: Store;
    readonly links: SubcloudLinks;
    readonly logger: Logger;
    readonly deleteConcurrency: number;
  },
  strategyUuid: string,
): Promise<void> {
  const { store, links, logger } = deps;
  const made = (await store.repos.fleetSteps.list(strategyUuid)).filter((r) => r.vimStrategyUuid !== null);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < made.length) {
      const row = made[next++]!;
      try {
        const link = await links.of(row.subcloudId);
        const current = link ? await link.vim.get() : null;
        const ours = current?.uuid === row.vimStrategyUuid && LEFT_BEHIND.has(current.state);
        if (link && ours) await link.vim.remove(false);
      } catch (error) {
        logger.warn({ err: error, subcloud: row.subcloudName }, 'could not delete the subcloud\'s own sw-deploy strategy');
      } finally {
        links.forget(row.subcloudId);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(deps.deleteConcurrency, made.length) }, worker));
}
