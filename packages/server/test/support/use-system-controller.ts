import type { RawConfig } from '@murmuration/server';
import { afterAll, beforeAll } from 'vitest';
import type { TestDialect } from '../../../../test-support/databases.js';
import { dcmanagerClient, type DcmanagerClient } from './dcmanager-client.js';
import { startHollowJoinSubcloud, type HollowJoinSubcloud } from './hollow-join-subcloud.js';
import { createManualClock, type ManualClock } from './manual-clock.js';
import type { TestController } from './test-controller.js';
import { useTestController } from './use-test-controller.js';

/** A system controller for the calling describe, the dcmanager client on it, and hollow subclouds to add. */
export interface SystemControllerSuite {
  readonly t: TestController;
  readonly clock: ManualClock;
  readonly dc: DcmanagerClient;
  /** The admin's token (known once the suite has started). */
  readonly admin: string;
  /** Hollow subclouds on one port, one per path prefix (running once the suite has started). */
  readonly hollow: HollowJoinSubcloud;
}

export function useSystemController(
  dialect: TestDialect,
  options: { readonly start?: number; readonly config?: RawConfig } = {},
): SystemControllerSuite {
  const clock = createManualClock(options.start ?? Date.parse('2026-05-01T08:00:00Z'));
  const t = useTestController(dialect, { clock, config: { ...options.config, role: 'systemcontroller' } });
  let admin = '';
  let hollow: HollowJoinSubcloud | null = null;
  beforeAll(async () => {
    hollow = await startHollowJoinSubcloud();
    admin = await t.adminToken();
  });
  afterAll(async () => {
    await hollow?.close();
  });
  return {
    t,
    clock,
    dc: dcmanagerClient(t, () => admin),
    get admin() {
      return admin;
    },
    get hollow() {
      if (hollow === null) throw new Error('the hollow subclouds start with the suite');
      return hollow;
    },
  };
}
