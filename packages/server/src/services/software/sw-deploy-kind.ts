import { invalid } from '@murmuration/core/common';
import { ALARM_IDS } from '@murmuration/core/fault';
import { planSwDeploy, readSwDeployOptions, type SwDeployOptions } from '@murmuration/core/orchestration';
import type { Store } from '@murmuration/store';
import type { StrategyKind } from '../../engine/index.js';
import type { HostService } from '../inventory/index.js';
import { swDeploySteps, type SwDeployStepDeps } from './sw-deploy-steps.js';

/** The sw-deploy strategy's alarms (the catalogue's 900.2xx, software deploy orchestration). */
const SW_DEPLOY_STRATEGY_ALARMS = {
  inProgress: ALARM_IDS.SW_DEPLOY_IN_PROGRESS,
  aborting: ALARM_IDS.SW_DEPLOY_ABORTING,
  failed: ALARM_IDS.SW_DEPLOY_FAILED,
} as const;

/**
 * The sw-deploy strategy (`sw-manager sw-deploy-strategy`, the VIM's `sw-upgrade`): takes every
 * host that does not run a release yet through it, group by group, in StarlingX's order.
 */
export function createSwDeployKind(
  deps: SwDeployStepDeps & { store: Store; hosts: HostService },
): StrategyKind<SwDeployOptions> {
  const { store, hosts, deploy } = deps;
  return {
    name: 'sw-upgrade',
    label: 'sw-deploy',
    entity: 'orchestration=sw-deploy',
    alarms: {
      inProgress: { id: SW_DEPLOY_STRATEGY_ALARMS.inProgress, reason: (o) => `Software deploy orchestration of ${o.release} in progress` },
      aborting: { id: SW_DEPLOY_STRATEGY_ALARMS.aborting, reason: 'Software deploy orchestration aborting' },
      failed: { id: SW_DEPLOY_STRATEGY_ALARMS.failed, reason: (why) => `Software deploy orchestration failed: ${why}` },
    },
    async build(body) {
      const options = readSwDeployOptions(body);
      const release = await store.repos.releases.find(options.release);
      if (!release) throw invalid(`release ${options.release} has not been uploaded`, { field: 'release' });
      const all = (await hosts.list()).map((h) => h.host);
      const software = await deploy.list();
      const stages = planSwDeploy(
        options,
        all,
        new Map(software.map((e) => [e.host.uuid, e.software.running])),
        release.metadata.rebootRequired,
      );
      return { options, stages, about: `for ${options.release}` };
    },
    steps: swDeploySteps(deps),
    degraded: (failed) => `left on their previous release: ${failed.join(', ')}`,
  };
}
