import type { FleetStrategyObject } from '@murmuration/core/contract/dcmanager-orchestration';

/** Wire objects of dcmanager's orchestration API, as the CLI's tests feed them to it. */

/** As `POST /sw-update-strategy/` answers it (an RPC reply: `T` times). */
export const strategy = (
  changes: Partial<FleetStrategyObject> = {},
  extra: Partial<NonNullable<FleetStrategyObject['extra-args']>> = {},
): FleetStrategyObject => ({
  id: 1,
  type: 'sw-deploy',
  'subcloud-apply-type': null,
  'max-parallel-subclouds': 2,
  'stop-on-failure': false,
  state: 'initial',
  'extra-args': {
    release_id: 'edge-2.0.0', snapshot: false, rollback: false, delete: false, cleanup: false, with_prestage: false,
    kube_upgrade: null, sysadmin_password: null, canary: 0, soak: 0, 'max-failures': null, ...extra,
  },
  'created-at': '2026-03-01T10:00:00.123456',
  'updated-at': null,
  'step-counts': { initial: 3 },
  ...changes,
});
