import type { DistributedCloudRole } from '@murmuration/core/inventory';
import { ConfigError } from './config-error.js';

/**
 * What a controller is in a Distributed Cloud: a site of its own (which a system controller may
 * adopt as a subcloud), or the system controller that manages subclouds.
 */
export const CONTROLLER_ROLES = ['standalone', 'systemcontroller'] as const;
export type ControllerRole = (typeof CONTROLLER_ROLES)[number];

/** The system's `distributed_cloud_role` a first start records for a role. */
export function recordedRole(role: ControllerRole): DistributedCloudRole | null {
  return role === 'systemcontroller' ? 'systemcontroller' : null;
}

/**
 * The role a controller runs as: the one its first start recorded. `--role` on a later start
 * may repeat it but not change it (a system controller's fleet stays in its database).
 */
export function roleOf(given: ControllerRole | null, recorded: DistributedCloudRole | null): ControllerRole {
  const role: ControllerRole = recorded === 'systemcontroller' ? 'systemcontroller' : 'standalone';
  if (given !== null && given !== role) {
    throw new ConfigError(
      `--role ${given}: this controller was first started as ${role}, and its role cannot change; start it with --role ${role} or without --role`,
    );
  }
  return role;
}
