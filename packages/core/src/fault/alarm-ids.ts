/**
 * The alarm and log ids the platform raises itself, by name. Each is an id of the catalogue
 * (`alarm-catalogue.ts`), an alarm unless its name ends in `_LOG`; a test holds both.
 */
export const ALARM_IDS = {
  /** The host is administratively locked. */
  HOST_LOCKED: '200.001',
  /** A service-affecting failure of the host: its agent stopped heartbeating. */
  HOST_FAILED: '200.004',
  /** Management network heartbeat loss, intermittent (major) or persistent (critical). */
  HEARTBEAT_LOSS: '200.005',
  /** A command (lock, unlock, reboot, …) was requested on the host. */
  HOST_COMMAND_LOG: '200.021',
  /** The host changed state (locked, unlocked, available, …). */
  HOST_STATE_LOG: '200.022',
  /** A managed subcloud failed two audits in a row: it is offline. */
  SUBCLOUD_OFFLINE: '280.001',
  /** An endpoint type of a subcloud differs from what the system controller holds. */
  SUBCLOUD_OUT_OF_SYNC: '280.002',
  /** The subcloud audit did not reach every managed subcloud within its interval. */
  SUBCLOUD_AUDIT_OVERRUN: '280.101',
  /** A strategy across subclouds is being applied. */
  FLEET_STRATEGY_IN_PROGRESS: '280.102',
  /** A strategy across subclouds is being aborted. */
  FLEET_STRATEGY_ABORTING: '280.103',
  /** A strategy across subclouds failed. */
  FLEET_STRATEGY_FAILED: '280.104',
  /** The host does not run the latest desired configuration. */
  CONFIG_OUT_OF_DATE: '250.001',
  /** The host runs another software version than the one it should. */
  VERSION_MISMATCH: '900.004',
  /** Software deployment on the host failed. */
  DEPLOY_HOST_FAILED: '900.021',
  /** A software deploy strategy is being applied. */
  SW_DEPLOY_IN_PROGRESS: '900.201',
  /** A software deploy strategy is being aborted. */
  SW_DEPLOY_ABORTING: '900.202',
  /** A software deploy strategy failed to apply. */
  SW_DEPLOY_FAILED: '900.203',
} as const;

export type PlatformAlarmName = keyof typeof ALARM_IDS;
export type PlatformAlarmId = (typeof ALARM_IDS)[PlatformAlarmName];
